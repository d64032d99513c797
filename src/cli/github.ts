/** What GitHub Actions tells a job through its environment, for the commands that write for it. */

/** Links in a Markdown comment point at the commit being checked, on GitHub. */
export function fileUrlBase(env: NodeJS.ProcessEnv): { fileUrlBase?: string } {
  const { GITHUB_SERVER_URL: server, GITHUB_REPOSITORY: repo, GITHUB_SHA: sha } = env;
  return server && repo && sha ? { fileUrlBase: `${server}/${repo}/blob/${sha}` } : {};
}
