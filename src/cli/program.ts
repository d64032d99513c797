/** The command tree. Only commander and option parsers load here; each action imports its work lazily. */
import { Command } from '@commander-js/extra-typings';
import pkg from '../../package.json' with { type: 'json' };
import { note, type CliContext } from './context.js';
import { registerBench } from './bench.js';
import { registerCleanup } from './cleanup.js';
import { registerDiff } from './diff.js';
import { registerReplay } from './replay.js';
import { registerScan } from './scan.js';
import { registerTune } from './tune.js';
import { checkFunctionArgument } from './first-contact.js';
import { isFile } from './files.js';

export function buildProgram(ctx: CliContext): Command {
  const program = new Command('lambda-rightsize')
    .description(
      'Find the memory size at which an AWS Lambda function is cheapest, fastest or best balanced — by measuring.\n' +
        'Run `lambda-rightsize <function>` to tune a function, or `lambda-rightsize replay <logs…>` to analyse recorded logs.',
    )
    .version(pkg.version, '-V, --version')
    .exitOverride()
    .showSuggestionAfterError()
    .configureOutput({
      writeOut: (text) => ctx.stdout.write(text),
      writeErr: (text) => ctx.stderr.write(text),
      // run.ts prints commander's errors as one `lambda-rightsize: … — <fix>` line, like every other.
      outputError: () => undefined,
    })
    .addHelpText(
      'after',
      '\nExit codes: 0 ok · 1 scan findings or diff flags (--fail-on) · 2 usage or input error · 3 AWS error · 4 function kept failing · 5 the function changed during the run (partial result) · 70 internal error · 130 interrupted',
    );
  registerTune(program, ctx);
  registerReplay(program, ctx);
  registerScan(program, ctx);
  registerDiff(program, ctx);
  registerBench(program, ctx);
  registerCleanup(program, ctx);
  const commands = [...program.commands.map((cmd) => cmd.name()), 'help'];
  program.hook('preAction', (_program, action) => {
    // A page of HTML scrolling past in a terminal is never what was wanted; say where it should go.
    if (action.opts().output === 'html' && ctx.stdout.isTTY) {
      note(ctx, `note: the HTML report is one file: redirect it, e.g. \`lambda-rightsize ${action.name()} … -o html > report.html\`\n`);
    }
    // Whichever way tune was reached (default command, `tune`, options first), a log file is not a function.
    const target = action.processedArgs[0];
    if (action.name() !== 'tune' || typeof target !== 'string') return;
    const mistake = checkFunctionArgument(target, { isFile, commands, tuneTyped: ctx.argv.includes('tune') });
    if (mistake) throw mistake;
  });
  return program;
}
