;; The fast lane of a REPORT-only log in WebAssembly: the same lines as fast-report.ts's
;; readCanonical and skipTracingLine, read from the same bytes, with the same numbers out.
;;
;;   [prefix ]REPORT RequestId: <id>\tDuration: 1.23 ms\tBilled Duration: 2 ms\tMemory Size: 128 MB\tMax Memory Used: 60 MB\t[Init Duration: 4.56 ms\t][Status: …]
;;   XRAY TraceId: 1-…\tSegmentId: …\tSampled: true|false\t
;;
;; Why WebAssembly: the JavaScript lane reaches its speed only once V8 has optimized it, and a
;; replay's worker threads each paid ~100 ms of warm-up (interpreted code, then optimizing compiles
;; competing with the parsers for two cores) — a third of a REPORT-only replay. This code is compiled
;; ahead of its first line (a few hundred microseconds) and runs at full speed from there.
;;
;; It declines — stops, so the JavaScript lane and then the general path decide — on anything else,
;; and also on numbers of more than 15 digits (the JavaScript lane takes those with leading zeros).
;; Declining is always safe: what this lane reads, JavaScript reads to the same figures — canonical
;; lines as readCanonical does, Status lines as the general parser does (tests change, delete and
;; insert every byte of each layout and compare) — and what it declines is read as before.
;;
;; Built into report-lane.ts (base64) by `npm run build:wasm`; a test checks that the two agree.
;; Text literals are compared 8, 4, 2 and 1 bytes at a time as little-endian words: each comment
;; gives the text.
(module
  (memory (export "memory") 1)
  ;; Where the last $int or $dec stopped; -1: no number there.
  (global $cursor (mut i32) (i32.const 0))
  ;; Where `lane` stopped: the start of the first line it did not take.
  (global $stop (export "stop") (mut i32) (i32.const 0))
  ;; Memory sizes seen (slots in use).
  (global $slots (export "slots") (mut i32) (i32.const 0))

  ;; The layout (lane.ts reads the parts it needs from the exports below; the code here writes the
  ;; same numbers as constants, and the tests against JavaScript fail if the two differ):
  ;;   0…127      the powers of ten
  ;;   1024       i32 per memory size 0…10240 MB: its slot + 1 (0: none yet; at most 64 slots)
  ;;   SLOTS_AT   per slot, 16 bytes: memory size, max memory used (f64 each)
  ;;   STATES     per slot and column, 64 bytes: count, sum, min, max (f64 each, the sketched
  ;;              values'), mode (i32: 0 held for JavaScript, 1 sketched here), the lowest and
  ;;              highest bucket touched (i32 each), the values held (i32), where its sketch is (i32)
  ;;   HELD       per slot and column, HELD_MAX doubles: values held for JavaScript
  ;;   BUCKETS    SKETCHES sketches of SKETCH_BUCKETS doubles (sketch.ts's layout), handed out by
  ;;              JavaScript to the columns it sketches here (memory is reserved per sketch, so
  ;;              they are few: the other columns stay held, and JavaScript sketches those)
  ;;   ERRORS     per slot and kind of failure, two i32: how many, how many of them cold starts;
  ;;              kind 0 is a timeout, 1…16 an error of type TYPES[kind - 1], 17 one without a type
  ;;   TYPES      16 error types seen, 80 bytes each: length (i32), then at +16 its bytes (≤ 64)
  ;; The columns of a slot are the statistics' six series, in order: warm duration, warm billed,
  ;; cold duration, cold billed, cold init, cold init + duration. JavaScript takes the held values
  ;; after every call (a call returns as soon as a column holds HELD_MAX), then switches a column
  ;; to mode 1 (with a sketch) once its series is sketched, and takes the sketches at the end of a
  ;; read. Sizes past the 64th, and above 10240 MB, are declined (JavaScript reads those lines).
  (global (export "SLOTS_AT") i32 (i32.const 65536))
  (global (export "STATES") i32 (i32.const 66560))
  (global (export "HELD") i32 (i32.const 131072))
  (global (export "BUCKETS") i32 (i32.const 1703936))
  (global (export "ERRORS") i32 (i32.const 92160))
  (global (export "TYPES") i32 (i32.const 102400))
  (global (export "KINDS") i32 (i32.const 18))
  ;; error types seen so far
  (global $types (mut i32) (i32.const 0))
  (global (export "HELD_MAX") i32 (i32.const 512))
  (global (export "SKETCH_BUCKETS") i32 (i32.const 17409))
  (global (export "SKETCHES") i32 (i32.const 32))
  ;; where the memory in use ends: BUCKETS + 32 * 17409 * 8
  (global (export "END") i32 (i32.const 6160640))

  ;; 10^0 … 10^15 as doubles at bytes 0…127, written at instantiation: every power of ten up to
  ;; 10^22 is an exact double, so mantissa / 10^scale is one correctly rounded division, exactly
  ;; parseFloat's result for up to 15 significant digits.
  (func $powers (local $k i32) (local $v f64)
    (local.set $v (f64.const 1))
    (loop $next
      (f64.store (i32.shl (local.get $k) (i32.const 3)) (local.get $v))
      (local.set $v (f64.mul (local.get $v) (f64.const 10)))
      (local.set $k (i32.add (local.get $k) (i32.const 1)))
      (br_if $next (i32.lt_u (local.get $k) (i32.const 16)))))
  (start $powers)

  ;; `\d+` at $at (none when $at is -1) within $limit: its value, with $cursor after it; $cursor
  ;; -1 when there is no digit or more than 15.
  (func $int (param $at i32) (param $limit i32) (result i64)
    (local $i i32) (local $v i64) (local $d i32)
    (global.set $cursor (i32.const -1))
    (if (i32.lt_s (local.get $at) (i32.const 0)) (then (return (i64.const 0))))
    (local.set $i (local.get $at))
    (block $done
      (loop $digits
        (br_if $done (i32.ge_u (local.get $i) (local.get $limit)))
        (local.set $d (i32.sub (i32.load8_u (local.get $i)) (i32.const 0x30)))
        (br_if $done (i32.gt_u (local.get $d) (i32.const 9)))
        (local.set $v (i64.add (i64.mul (local.get $v) (i64.const 10)) (i64.extend_i32_u (local.get $d))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $digits)))
    (if (i32.eq (local.get $i) (local.get $at)) (then (return (i64.const 0))))
    (if (i32.gt_u (i32.sub (local.get $i) (local.get $at)) (i32.const 15)) (then (return (i64.const 0))))
    (global.set $cursor (local.get $i))
    (local.get $v))

  ;; `\d+(\.\d+)?` at $at: its value, with $cursor after it (-1: none, or over 15 digits in all).
  (func $dec (param $at i32) (param $limit i32) (result f64)
    (local $m i64) (local $i i32) (local $start i32) (local $d i32) (local $scale i32)
    (local.set $m (call $int (local.get $at) (local.get $limit)))
    (local.set $i (global.get $cursor))
    (if (i32.lt_s (local.get $i) (i32.const 0)) (then (return (f64.const 0))))
    (if (i32.ge_u (local.get $i) (local.get $limit)) (then (return (f64.convert_i64_u (local.get $m)))))
    ;; '.'
    (if (i32.ne (i32.load8_u (local.get $i)) (i32.const 0x2e)) (then (return (f64.convert_i64_u (local.get $m)))))
    (global.set $cursor (i32.const -1))
    (local.set $i (i32.add (local.get $i) (i32.const 1)))
    (local.set $start (local.get $i))
    (block $done
      (loop $digits
        (br_if $done (i32.ge_u (local.get $i) (local.get $limit)))
        (local.set $d (i32.sub (i32.load8_u (local.get $i)) (i32.const 0x30)))
        (br_if $done (i32.gt_u (local.get $d) (i32.const 9)))
        (local.set $m (i64.add (i64.mul (local.get $m) (i64.const 10)) (i64.extend_i32_u (local.get $d))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $digits)))
    (local.set $scale (i32.sub (local.get $i) (local.get $start)))
    (if (i32.eqz (local.get $scale)) (then (return (f64.const 0))))
    ;; the digits before and after the point: at most 15
    (if (i32.gt_u (i32.sub (i32.sub (local.get $i) (local.get $at)) (i32.const 1)) (i32.const 15)) (then (return (f64.const 0))))
    (global.set $cursor (local.get $i))
    (f64.div (f64.convert_i64_u (local.get $m)) (f64.load (i32.shl (local.get $scale) (i32.const 3)))))

  ;; The kind (1…16) of the error type of $length bytes at $at: a type seen before, or a new one;
  ;; -1 when 16 types are known already.
  (func $intern (param $at i32) (param $length i32) (result i32)
    (local $t i32) (local $entry i32) (local $j i32)
    (block $none
      (loop $types
        (br_if $none (i32.ge_u (local.get $t) (global.get $types)))
        (local.set $entry (i32.add (i32.const 102400) (i32.mul (local.get $t) (i32.const 80))))
        (if (i32.eq (i32.load (local.get $entry)) (local.get $length))
          (then
            (local.set $j (i32.const 0))
            (block $differs
              (loop $bytes
                (if (i32.ge_u (local.get $j) (local.get $length)) (then (return (i32.add (local.get $t) (i32.const 1)))))
                (br_if $differs (i32.ne
                  (i32.load8_u offset=16 (i32.add (local.get $entry) (local.get $j)))
                  (i32.load8_u (i32.add (local.get $at) (local.get $j)))))
                (local.set $j (i32.add (local.get $j) (i32.const 1)))
                (br $bytes)))))
        (local.set $t (i32.add (local.get $t) (i32.const 1)))
        (br $types)))
    (if (i32.ge_u (global.get $types) (i32.const 16)) (then (return (i32.const -1))))
    (local.set $entry (i32.add (i32.const 102400) (i32.mul (global.get $types) (i32.const 80))))
    (i32.store (local.get $entry) (local.get $length))
    (memory.copy (i32.add (local.get $entry) (i32.const 16)) (local.get $at) (local.get $length))
    (global.set $types (i32.add (global.get $types) (i32.const 1)))
    (global.get $types))

  ;; sketch.ts's bucketOf: the binary exponent and top 9 bits of the mantissa, from the bits.
  (func $bucket (export "bucket") (param $value f64) (result i32)
    (local $high i32) (local $exponent i32)
    ;; below 2^-10 (and NaN): bucket 0
    (if (i32.eqz (f64.ge (local.get $value) (f64.const 0x1p-10))) (then (return (i32.const 0))))
    (local.set $high (i32.wrap_i64 (i64.shr_u (i64.reinterpret_f64 (local.get $value)) (i64.const 32))))
    (local.set $exponent (i32.sub (i32.and (i32.shr_u (local.get $high) (i32.const 20)) (i32.const 0x7ff)) (i32.const 1023)))
    (if (i32.gt_s (local.get $exponent) (i32.const 23)) (then (return (i32.const 17408))))
    (i32.add
      (i32.add (i32.const 1) (i32.mul (i32.add (local.get $exponent) (i32.const 10)) (i32.const 512)))
      (i32.and (i32.shr_u (local.get $high) (i32.const 11)) (i32.const 511))))

  ;; Adds $value to column $k (slot * 6 + column): held, or sketched. Returns 1 when the column now
  ;; holds HELD_MAX values.
  (func $put (param $k i32) (param $value f64) (result i32)
    (local $state i32) (local $n i32) (local $b i32) (local $at i32) (local $high i32) (local $exponent i32)
    (local.set $state (i32.add (i32.const 66560) (i32.shl (local.get $k) (i32.const 6))))
    (if (i32.eqz (i32.load offset=32 (local.get $state)))
      (then
        (local.set $n (i32.load offset=44 (local.get $state)))
        (f64.store
          (i32.add (i32.const 131072) (i32.shl (i32.add (i32.shl (local.get $k) (i32.const 9)) (local.get $n)) (i32.const 3)))
          (local.get $value))
        (local.set $n (i32.add (local.get $n) (i32.const 1)))
        (i32.store offset=44 (local.get $state) (local.get $n))
        (return (i32.eq (local.get $n) (i32.const 512)))))
    (f64.store offset=0 (local.get $state) (f64.add (f64.load offset=0 (local.get $state)) (f64.const 1)))
    (f64.store offset=8 (local.get $state) (f64.add (f64.load offset=8 (local.get $state)) (local.get $value)))
    (if (f64.lt (local.get $value) (f64.load offset=16 (local.get $state)))
      (then (f64.store offset=16 (local.get $state) (local.get $value))))
    (if (f64.gt (local.get $value) (f64.load offset=24 (local.get $state)))
      (then (f64.store offset=24 (local.get $state) (local.get $value))))
    ;; $bucket, inline
    (local.set $b (i32.const 0))
    (if (f64.ge (local.get $value) (f64.const 0x1p-10))
      (then
        (local.set $high (i32.wrap_i64 (i64.shr_u (i64.reinterpret_f64 (local.get $value)) (i64.const 32))))
        (local.set $exponent (i32.sub (i32.and (i32.shr_u (local.get $high) (i32.const 20)) (i32.const 0x7ff)) (i32.const 1023)))
        (local.set $b
          (if (result i32) (i32.gt_s (local.get $exponent) (i32.const 23))
            (then (i32.const 17408))
            (else
              (i32.add
                (i32.add (i32.const 1) (i32.mul (i32.add (local.get $exponent) (i32.const 10)) (i32.const 512)))
                (i32.and (i32.shr_u (local.get $high) (i32.const 11)) (i32.const 511))))))))
    (if (i32.lt_s (local.get $b) (i32.load offset=36 (local.get $state)))
      (then (i32.store offset=36 (local.get $state) (local.get $b))))
    (if (i32.gt_s (local.get $b) (i32.load offset=40 (local.get $state)))
      (then (i32.store offset=40 (local.get $state) (local.get $b))))
    ;; its sketch + b * 8
    (local.set $at (i32.add (i32.load offset=48 (local.get $state)) (i32.shl (local.get $b) (i32.const 3))))
    (f64.store (local.get $at) (f64.add (f64.load (local.get $at)) (f64.const 1)))
    (i32.const 0))

  ;; `[0-9a-f]+` (with $dash, `[0-9a-f-]+`) at $at: the index after it, or -1.
  (func $hex (param $at i32) (param $limit i32) (param $dash i32) (result i32)
    (local $i i32) (local $c i32)
    (if (i32.lt_s (local.get $at) (i32.const 0)) (then (return (i32.const -1))))
    (local.set $i (local.get $at))
    (block $done
      (loop $bytes
        (br_if $done (i32.ge_u (local.get $i) (local.get $limit)))
        (local.set $c (i32.load8_u (local.get $i)))
        (if (i32.eqz
              (i32.or
                (i32.or
                  (i32.le_u (i32.sub (local.get $c) (i32.const 0x30)) (i32.const 9))
                  (i32.le_u (i32.sub (local.get $c) (i32.const 0x61)) (i32.const 5)))
                (i32.and (local.get $dash) (i32.eq (local.get $c) (i32.const 0x2d)))))
          (then (br $done)))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $bytes)))
    (if (result i32) (i32.eq (local.get $i) (local.get $at)) (then (i32.const -1)) (else (local.get $i))))

  ;; byte-tests.ts's prefixedReport: the line's first 'R' within 160 bytes of $at, when the bytes
  ;; before it hold no LF, '"' or '{' and end in a blank or ']'; -1 otherwise.
  (func $prefixed (param $at i32) (param $limit i32) (result i32)
    (local $i i32) (local $stop i32) (local $c i32)
    (local.set $stop (i32.add (local.get $at) (i32.const 160)))
    (if (i32.gt_u (local.get $stop) (local.get $limit)) (then (local.set $stop (local.get $limit))))
    (local.set $i (local.get $at))
    (block $none
      (loop $bytes
        (br_if $none (i32.ge_u (local.get $i) (local.get $stop)))
        (local.set $c (i32.load8_u (local.get $i)))
        (if (i32.eq (local.get $c) (i32.const 0x52))
          (then
            (br_if $none (i32.eq (local.get $i) (local.get $at)))
            (local.set $c (i32.load8_u (i32.sub (local.get $i) (i32.const 1))))
            (br_if $none (i32.eqz (i32.or (i32.or (i32.eq (local.get $c) (i32.const 0x20)) (i32.eq (local.get $c) (i32.const 0x09))) (i32.eq (local.get $c) (i32.const 0x5d)))))
            (return (local.get $i))))
        (br_if $none (i32.eq (local.get $c) (i32.const 0x0a)))
        (br_if $none (i32.eq (local.get $c) (i32.const 0x22)))
        (br_if $none (i32.eq (local.get $c) (i32.const 0x7b)))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $bytes)))
    (i32.const -1))

  ;; An X-Ray line behind a prefix of at most 160 bytes that ends in a blank or ']' and holds none
  ;; of LF '"' '{' 'R' 'M' '\': the index after its LF, or -1. Skipping it changes nothing: the
  ;; JavaScript scanner finds no candidate in such a line (no `REPORT`, no `Ms`).
  (func $prefixedXray (param $at i32) (param $limit i32) (result i32)
    (local $i i32) (local $stop i32) (local $c i32)
    (local.set $stop (i32.add (local.get $at) (i32.const 160)))
    (if (i32.gt_u (local.get $stop) (local.get $limit)) (then (local.set $stop (local.get $limit))))
    (local.set $i (local.get $at))
    (block $none
      (loop $bytes
        (br_if $none (i32.ge_u (local.get $i) (local.get $stop)))
        (local.set $c (i32.load8_u (local.get $i)))
        (if (i32.eq (local.get $c) (i32.const 0x58))
          (then
            (br_if $none (i32.eq (local.get $i) (local.get $at)))
            (local.set $c (i32.load8_u (i32.sub (local.get $i) (i32.const 1))))
            (br_if $none (i32.eqz (i32.or (i32.or (i32.eq (local.get $c) (i32.const 0x20)) (i32.eq (local.get $c) (i32.const 0x09))) (i32.eq (local.get $c) (i32.const 0x5d)))))
            (return (call $xray (local.get $i) (local.get $limit)))))
        (br_if $none (i32.eq (local.get $c) (i32.const 0x0a)))
        (br_if $none (i32.eq (local.get $c) (i32.const 0x22)))
        (br_if $none (i32.eq (local.get $c) (i32.const 0x7b)))
        (br_if $none (i32.eq (local.get $c) (i32.const 0x52)))
        (br_if $none (i32.eq (local.get $c) (i32.const 0x4d)))
        (br_if $none (i32.eq (local.get $c) (i32.const 0x5c)))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $bytes)))
    (i32.const -1))

  ;; The X-Ray line at $i: the index after its LF, or -1 when it is not exactly that line.
  (func $xray (param $i i32) (param $limit i32) (result i32)
    (block $exit
      ;; "XRAY TraceId: " (14)
      (br_if $exit (i32.gt_u (i32.add (local.get $i) (i32.const 14)) (local.get $limit)))
      (br_if $exit (i64.ne (i64.load offset=0 (local.get $i)) (i64.const 0x6172542059415258)))
      (br_if $exit (i32.ne (i32.load offset=8 (local.get $i)) (i32.const 0x64496563)))
      (br_if $exit (i32.ne (i32.load16_u offset=12 (local.get $i)) (i32.const 0x203a)))
      (local.set $i (call $hex (i32.add (local.get $i) (i32.const 14)) (local.get $limit) (i32.const 1)))
      (br_if $exit (i32.lt_s (local.get $i) (i32.const 0)))
      ;; "\tSegmentId: " (12)
      (br_if $exit (i32.gt_u (i32.add (local.get $i) (i32.const 12)) (local.get $limit)))
      (br_if $exit (i64.ne (i64.load offset=0 (local.get $i)) (i64.const 0x746e656d67655309)))
      (br_if $exit (i32.ne (i32.load offset=8 (local.get $i)) (i32.const 0x203a6449)))
      (local.set $i (call $hex (i32.add (local.get $i) (i32.const 12)) (local.get $limit) (i32.const 0)))
      (br_if $exit (i32.lt_s (local.get $i) (i32.const 0)))
      ;; "\tSampled: " (10)
      (br_if $exit (i32.gt_u (i32.add (local.get $i) (i32.const 10)) (local.get $limit)))
      (br_if $exit (i64.ne (i64.load offset=0 (local.get $i)) (i64.const 0x64656c706d615309)))
      (br_if $exit (i32.ne (i32.load16_u offset=8 (local.get $i)) (i32.const 0x203a)))
      (local.set $i (i32.add (local.get $i) (i32.const 10)))
      ;; "true" (4), or "false" (5)
      (br_if $exit (i32.gt_u (i32.add (local.get $i) (i32.const 4)) (local.get $limit)))
      (if (i32.eq (i32.load (local.get $i)) (i32.const 0x65757274))
        (then (local.set $i (i32.add (local.get $i) (i32.const 4))))
        (else
          (br_if $exit (i32.gt_u (i32.add (local.get $i) (i32.const 5)) (local.get $limit)))
          (br_if $exit (i32.ne (i32.load (local.get $i)) (i32.const 0x736c6166)))
          (br_if $exit (i32.ne (i32.load8_u offset=4 (local.get $i)) (i32.const 0x65)))
          (local.set $i (i32.add (local.get $i) (i32.const 5)))))
      ;; an optional TAB, an optional CR, then LF
      (br_if $exit (i32.ge_u (local.get $i) (local.get $limit)))
      (if (i32.eq (i32.load8_u (local.get $i)) (i32.const 0x09)) (then (local.set $i (i32.add (local.get $i) (i32.const 1)))))
      (br_if $exit (i32.ge_u (local.get $i) (local.get $limit)))
      (if (i32.eq (i32.load8_u (local.get $i)) (i32.const 0x0d)) (then (local.set $i (i32.add (local.get $i) (i32.const 1)))))
      (br_if $exit (i32.ge_u (local.get $i) (local.get $limit)))
      (br_if $exit (i32.ne (i32.load8_u (local.get $i)) (i32.const 0x0a)))
      (return (i32.add (local.get $i) (i32.const 1))))
    (i32.const -1))

  ;; Takes the lines from $pos on while each is a canonical REPORT (or the X-Ray line after one)
  ;; ending in LF or CR LF before $limit, adding each REPORT's figures to its size's slot, until a
  ;; column is full. Returns how many REPORTs it took; `stop` is where it stopped.
  (func (export "lane") (param $pos i32) (param $limit i32) (result i32)
    (local $n i32) (local $i i32) (local $c i32) (local $id i32) (local $next i32)
    (local $duration f64) (local $billed i64) (local $memory i64) (local $used i64) (local $init f64)
    (local $slot i32) (local $h i32) (local $k i32) (local $full i32) (local $kind i32) (local $initAt i32)
    (local $at i32) (local $d i32) (local $m i64) (local $scale i32)
    (block $exit
      (loop $line
        (br_if $exit (local.get $full))
        (br_if $exit (i32.ge_u (local.get $pos) (local.get $limit)))
        (local.set $i (local.get $pos))
        ;; 'X': an X-Ray line, skipped
        (if (i32.eq (i32.load8_u (local.get $i)) (i32.const 0x58))
          (then
            (local.set $next (call $xray (local.get $i) (local.get $limit)))
            (br_if $exit (i32.lt_s (local.get $next) (i32.const 0)))
            (local.set $pos (local.get $next))
            (br $line)))
        ;; not 'R': a REPORT behind a plain prefix (an S3 export's time stamp, `aws logs tail`'s
        ;; stream and time), as byte-tests.ts's prefixedReport finds it
        (if (i32.ne (i32.load8_u (local.get $i)) (i32.const 0x52))
          (then
            (local.set $next (call $prefixed (local.get $i) (local.get $limit)))
            (if (i32.lt_s (local.get $next) (i32.const 0))
              (then
                ;; or an X-Ray line behind such a prefix, skipped
                (local.set $next (call $prefixedXray (local.get $i) (local.get $limit)))
                (br_if $exit (i32.lt_s (local.get $next) (i32.const 0)))
                (local.set $pos (local.get $next))
                (br $line)))
            (local.set $i (local.get $next))))
        ;; "REPORT RequestId: " (18)
        (br_if $exit (i32.gt_u (i32.add (local.get $i) (i32.const 18)) (local.get $limit)))
        (br_if $exit (i64.ne (i64.load offset=0 (local.get $i)) (i64.const 0x522054524f504552)))
        (br_if $exit (i64.ne (i64.load offset=8 (local.get $i)) (i64.const 0x6449747365757165)))
        (br_if $exit (i32.ne (i32.load16_u offset=16 (local.get $i)) (i32.const 0x203a)))
        (local.set $i (i32.add (local.get $i) (i32.const 18)))
        ;; the request id: printable ASCII but for ':' and '"', up to a TAB
        (local.set $id (local.get $i))
        (block $tab
          (loop $bytes
            (br_if $exit (i32.ge_u (local.get $i) (local.get $limit)))
            (local.set $c (i32.load8_u (local.get $i)))
            (br_if $tab (i32.eq (local.get $c) (i32.const 0x09)))
            (br_if $exit (i32.le_u (local.get $c) (i32.const 0x20)))
            (br_if $exit (i32.gt_u (local.get $c) (i32.const 0x7e)))
            (br_if $exit (i32.eq (local.get $c) (i32.const 0x3a)))
            (br_if $exit (i32.eq (local.get $c) (i32.const 0x22)))
            (local.set $i (i32.add (local.get $i) (i32.const 1)))
            (br $bytes)))
        (br_if $exit (i32.eq (local.get $i) (local.get $id)))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        ;; "Duration: " (10)
        (br_if $exit (i32.gt_u (i32.add (local.get $i) (i32.const 10)) (local.get $limit)))
        (br_if $exit (i64.ne (i64.load offset=0 (local.get $i)) (i64.const 0x6e6f697461727544)))
        (br_if $exit (i32.ne (i32.load16_u offset=8 (local.get $i)) (i32.const 0x203a)))
        ;; `\d+(\.\d+)?`, at most 15 digits in all (as $dec, inline)
        (local.set $i (i32.add (local.get $i) (i32.const 10)))
        (local.set $at (local.get $i))
        (local.set $m (i64.const 0))
        (block $endD
          (loop $digitsD
            (br_if $endD (i32.ge_u (local.get $i) (local.get $limit)))
            (local.set $d (i32.sub (i32.load8_u (local.get $i)) (i32.const 0x30)))
            (br_if $endD (i32.gt_u (local.get $d) (i32.const 9)))
            (local.set $m (i64.add (i64.mul (local.get $m) (i64.const 10)) (i64.extend_i32_u (local.get $d))))
            (local.set $i (i32.add (local.get $i) (i32.const 1)))
            (br $digitsD)))
        (br_if $exit (i32.eq (local.get $i) (local.get $at)))
        (local.set $scale (i32.const 0))
        (if (i32.lt_u (local.get $i) (local.get $limit))
          (then
            (if (i32.eq (i32.load8_u (local.get $i)) (i32.const 0x2e))
              (then
                (local.set $i (i32.add (local.get $i) (i32.const 1)))
                (local.set $scale (local.get $i))
                (block $endF
          (loop $digitsF
            (br_if $endF (i32.ge_u (local.get $i) (local.get $limit)))
            (local.set $d (i32.sub (i32.load8_u (local.get $i)) (i32.const 0x30)))
            (br_if $endF (i32.gt_u (local.get $d) (i32.const 9)))
            (local.set $m (i64.add (i64.mul (local.get $m) (i64.const 10)) (i64.extend_i32_u (local.get $d))))
            (local.set $i (i32.add (local.get $i) (i32.const 1)))
            (br $digitsF)))
                (local.set $scale (i32.sub (local.get $i) (local.get $scale)))
                (br_if $exit (i32.eqz (local.get $scale)))
                ;; the point is not a digit
                (local.set $at (i32.add (local.get $at) (i32.const 1)))))))
        (br_if $exit (i32.gt_u (i32.sub (local.get $i) (local.get $at)) (i32.const 15)))
        (local.set $duration (f64.div (f64.convert_i64_u (local.get $m)) (f64.load (i32.shl (local.get $scale) (i32.const 3)))))
        ;; " ms\tBilled Duration: " (21)
        (br_if $exit (i32.gt_u (i32.add (local.get $i) (i32.const 21)) (local.get $limit)))
        (br_if $exit (i64.ne (i64.load offset=0 (local.get $i)) (i64.const 0x6c6c694209736d20)))
        (br_if $exit (i64.ne (i64.load offset=8 (local.get $i)) (i64.const 0x7461727544206465)))
        (br_if $exit (i32.ne (i32.load offset=16 (local.get $i)) (i32.const 0x3a6e6f69)))
        (br_if $exit (i32.ne (i32.load8_u offset=20 (local.get $i)) (i32.const 0x20)))
        ;; `\d+`, at most 15 digits (inline: a call per number was a fifth of the lane's time)
        (local.set $i (i32.add (local.get $i) (i32.const 21)))
        (local.set $at (local.get $i))
        (local.set $m (i64.const 0))
        (block $endbilled
          (loop $digitsbilled
            (br_if $endbilled (i32.ge_u (local.get $i) (local.get $limit)))
            (local.set $d (i32.sub (i32.load8_u (local.get $i)) (i32.const 0x30)))
            (br_if $endbilled (i32.gt_u (local.get $d) (i32.const 9)))
            (local.set $m (i64.add (i64.mul (local.get $m) (i64.const 10)) (i64.extend_i32_u (local.get $d))))
            (local.set $i (i32.add (local.get $i) (i32.const 1)))
            (br $digitsbilled)))
        (local.set $d (i32.sub (local.get $i) (local.get $at)))
        (br_if $exit (i32.eqz (local.get $d)))
        (br_if $exit (i32.gt_u (local.get $d) (i32.const 15)))
        (local.set $billed (local.get $m))
        ;; " ms\tMemory Size: " (17)
        (br_if $exit (i32.gt_u (i32.add (local.get $i) (i32.const 17)) (local.get $limit)))
        (br_if $exit (i64.ne (i64.load offset=0 (local.get $i)) (i64.const 0x6f6d654d09736d20)))
        (br_if $exit (i64.ne (i64.load offset=8 (local.get $i)) (i64.const 0x3a657a6953207972)))
        (br_if $exit (i32.ne (i32.load8_u offset=16 (local.get $i)) (i32.const 0x20)))
        ;; `\d+`, at most 15 digits (inline: a call per number was a fifth of the lane's time)
        (local.set $i (i32.add (local.get $i) (i32.const 17)))
        (local.set $at (local.get $i))
        (local.set $m (i64.const 0))
        (block $endmemory
          (loop $digitsmemory
            (br_if $endmemory (i32.ge_u (local.get $i) (local.get $limit)))
            (local.set $d (i32.sub (i32.load8_u (local.get $i)) (i32.const 0x30)))
            (br_if $endmemory (i32.gt_u (local.get $d) (i32.const 9)))
            (local.set $m (i64.add (i64.mul (local.get $m) (i64.const 10)) (i64.extend_i32_u (local.get $d))))
            (local.set $i (i32.add (local.get $i) (i32.const 1)))
            (br $digitsmemory)))
        (local.set $d (i32.sub (local.get $i) (local.get $at)))
        (br_if $exit (i32.eqz (local.get $d)))
        (br_if $exit (i32.gt_u (local.get $d) (i32.const 15)))
        (local.set $memory (local.get $m))
        ;; " MB\tMax Memory Used: " (21)
        (br_if $exit (i32.gt_u (i32.add (local.get $i) (i32.const 21)) (local.get $limit)))
        (br_if $exit (i64.ne (i64.load offset=0 (local.get $i)) (i64.const 0x2078614d09424d20)))
        (br_if $exit (i64.ne (i64.load offset=8 (local.get $i)) (i64.const 0x552079726f6d654d)))
        (br_if $exit (i32.ne (i32.load offset=16 (local.get $i)) (i32.const 0x3a646573)))
        (br_if $exit (i32.ne (i32.load8_u offset=20 (local.get $i)) (i32.const 0x20)))
        ;; `\d+`, at most 15 digits (inline: a call per number was a fifth of the lane's time)
        (local.set $i (i32.add (local.get $i) (i32.const 21)))
        (local.set $at (local.get $i))
        (local.set $m (i64.const 0))
        (block $endused
          (loop $digitsused
            (br_if $endused (i32.ge_u (local.get $i) (local.get $limit)))
            (local.set $d (i32.sub (i32.load8_u (local.get $i)) (i32.const 0x30)))
            (br_if $endused (i32.gt_u (local.get $d) (i32.const 9)))
            (local.set $m (i64.add (i64.mul (local.get $m) (i64.const 10)) (i64.extend_i32_u (local.get $d))))
            (local.set $i (i32.add (local.get $i) (i32.const 1)))
            (br $digitsused)))
        (local.set $d (i32.sub (local.get $i) (local.get $at)))
        (br_if $exit (i32.eqz (local.get $d)))
        (br_if $exit (i32.gt_u (local.get $d) (i32.const 15)))
        (local.set $used (local.get $m))
        ;; " MB" (3), an optional TAB
        (br_if $exit (i32.gt_u (i32.add (local.get $i) (i32.const 3)) (local.get $limit)))
        (br_if $exit (i32.ne (i32.load16_u offset=0 (local.get $i)) (i32.const 0x4d20)))
        (br_if $exit (i32.ne (i32.load8_u offset=2 (local.get $i)) (i32.const 0x42)))
        (local.set $i (i32.add (local.get $i) (i32.const 3)))
        (br_if $exit (i32.ge_u (local.get $i) (local.get $limit)))
        (if (i32.eq (i32.load8_u (local.get $i)) (i32.const 0x09)) (then (local.set $i (i32.add (local.get $i) (i32.const 1)))))
        (local.set $init (f64.const -1))
        (local.set $kind (i32.const -1))
        ;; a line that runs to $limit is left to JavaScript (readCanonical's `end === limit`)
        (br_if $exit (i32.ge_u (local.get $i) (local.get $limit)))
        (local.set $c (i32.load8_u (local.get $i)))
        ;; 'I'
        (if (i32.eq (local.get $c) (i32.const 0x49))
          (then
            (local.set $initAt (local.get $i))
            ;; "Init Duration: " (15)
            (br_if $exit (i32.gt_u (i32.add (local.get $i) (i32.const 15)) (local.get $limit)))
            (br_if $exit (i64.ne (i64.load offset=0 (local.get $i)) (i64.const 0x7275442074696e49)))
            (br_if $exit (i32.ne (i32.load offset=8 (local.get $i)) (i32.const 0x6f697461)))
            (br_if $exit (i32.ne (i32.load16_u offset=12 (local.get $i)) (i32.const 0x3a6e)))
            (br_if $exit (i32.ne (i32.load8_u offset=14 (local.get $i)) (i32.const 0x20)))
            (local.set $init (call $dec (i32.add (local.get $i) (i32.const 15)) (local.get $limit)))
            (local.set $i (global.get $cursor))
            (br_if $exit (i32.lt_s (local.get $i) (i32.const 0)))
            ;; " ms" (3), an optional TAB
            (br_if $exit (i32.gt_u (i32.add (local.get $i) (i32.const 3)) (local.get $limit)))
            (br_if $exit (i32.ne (i32.load16_u offset=0 (local.get $i)) (i32.const 0x6d20)))
            (br_if $exit (i32.ne (i32.load8_u offset=2 (local.get $i)) (i32.const 0x73)))
            (local.set $i (i32.add (local.get $i) (i32.const 3)))
            (br_if $exit (i32.ge_u (local.get $i) (local.get $limit)))
            (if (i32.eq (i32.load8_u (local.get $i)) (i32.const 0x09)) (then (local.set $i (i32.add (local.get $i) (i32.const 1)))))
            (br_if $exit (i32.ge_u (local.get $i) (local.get $limit)))
            (local.set $c (i32.load8_u (local.get $i)))))
        ;; 'S': the status of a failed invocation, exactly as the service writes it (anything else,
        ;; such as another case, is JavaScript's). Such a line is not canonical: JavaScript reads it
        ;; with the general parser, which needs its fields apart — so a TAB before Status, and
        ;; before Init Duration if there is one (canonical lines may run them together).
        (if (i32.eq (local.get $c) (i32.const 0x53))
          (then
            (br_if $exit (i32.ne (i32.load8_u (i32.sub (local.get $i) (i32.const 1))) (i32.const 0x09)))
            (if (f64.ne (local.get $init) (f64.const -1))
              (then (br_if $exit (i32.ne (i32.load8_u (i32.sub (local.get $initAt) (i32.const 1))) (i32.const 0x09)))))
            ;; "Status: " (8)
            (br_if $exit (i32.gt_u (i32.add (local.get $i) (i32.const 8)) (local.get $limit)))
            (br_if $exit (i64.ne (i64.load offset=0 (local.get $i)) (i64.const 0x203a737574617453)))
            (local.set $i (i32.add (local.get $i) (i32.const 8)))
            (block $status
              ;; "timeout" (7)
              (if (i32.le_u (i32.add (local.get $i) (i32.const 7)) (local.get $limit))
                (then
                  (if (i32.and
                        (i32.eq (i32.load (local.get $i)) (i32.const 0x656d6974))
                        (i32.and
                          (i32.eq (i32.load16_u offset=4 (local.get $i)) (i32.const 0x756f))
                          (i32.eq (i32.load8_u offset=6 (local.get $i)) (i32.const 0x74))))
                    (then
                      (local.set $kind (i32.const 0))
                      (local.set $i (i32.add (local.get $i) (i32.const 7)))
                      (br $status)))))
              ;; "error" (5)
              (br_if $exit (i32.gt_u (i32.add (local.get $i) (i32.const 5)) (local.get $limit)))
              (br_if $exit (i32.ne (i32.load (local.get $i)) (i32.const 0x6f727265)))
              (br_if $exit (i32.ne (i32.load8_u offset=4 (local.get $i)) (i32.const 0x72)))
              (local.set $i (i32.add (local.get $i) (i32.const 5)))
              (local.set $kind (i32.const 17))
              ;; "\tError Type: " (13) and the type, `[A-Za-z0-9._-]{1,64}`
              (br_if $status (i32.gt_u (i32.add (local.get $i) (i32.const 13)) (local.get $limit)))
              (br_if $status (i32.ne (i32.load8_u (local.get $i)) (i32.const 0x09)))
              (br_if $status (i64.ne (i64.load offset=1 (local.get $i)) (i64.const 0x795420726f727245)))
              (br_if $status (i32.ne (i32.load offset=9 (local.get $i)) (i32.const 0x203a6570)))
              (local.set $i (i32.add (local.get $i) (i32.const 13)))
              (local.set $next (local.get $i))
              (block $word
                (loop $bytes
                  (br_if $word (i32.ge_u (local.get $i) (local.get $limit)))
                  (local.set $c (i32.load8_u (local.get $i)))
                  (br_if $word (i32.eqz
                    (i32.or
                      (i32.or
                        (i32.le_u (i32.sub (local.get $c) (i32.const 0x30)) (i32.const 9))
                        (i32.le_u (i32.sub (i32.or (local.get $c) (i32.const 0x20)) (i32.const 0x61)) (i32.const 25)))
                      (i32.or
                        (i32.or (i32.eq (local.get $c) (i32.const 0x2e)) (i32.eq (local.get $c) (i32.const 0x5f)))
                        (i32.eq (local.get $c) (i32.const 0x2d))))))
                  (local.set $i (i32.add (local.get $i) (i32.const 1)))
                  (br $bytes)))
              (local.set $c (i32.sub (local.get $i) (local.get $next)))
              (br_if $exit (i32.eqz (local.get $c)))
              (br_if $exit (i32.gt_u (local.get $c) (i32.const 64)))
              (local.set $kind (call $intern (local.get $next) (local.get $c)))
              (br_if $exit (i32.lt_s (local.get $kind) (i32.const 0))))
            (br_if $exit (i32.ge_u (local.get $i) (local.get $limit)))
            (if (i32.eq (i32.load8_u (local.get $i)) (i32.const 0x09)) (then (local.set $i (i32.add (local.get $i) (i32.const 1)))))
            (br_if $exit (i32.ge_u (local.get $i) (local.get $limit)))
            (local.set $c (i32.load8_u (local.get $i)))))
        ;; LF, or CR LF
        (if (i32.eq (local.get $c) (i32.const 0x0d))
          (then
            (br_if $exit (i32.ge_u (i32.add (local.get $i) (i32.const 1)) (local.get $limit)))
            (br_if $exit (i32.ne (i32.load8_u offset=1 (local.get $i)) (i32.const 0x0a)))
            (local.set $i (i32.add (local.get $i) (i32.const 1))))
          (else (br_if $exit (i32.ne (local.get $c) (i32.const 0x0a)))))
        ;; its size's slot (a new one if need be), or declined
        (br_if $exit (i64.gt_u (local.get $memory) (i64.const 10240)))
        (local.set $c (i32.add (i32.const 1024) (i32.shl (i32.wrap_i64 (local.get $memory)) (i32.const 2))))
        (local.set $slot (i32.load (local.get $c)))
        (if (i32.eqz (local.get $slot))
          (then
            (br_if $exit (i32.ge_u (global.get $slots) (i32.const 64)))
            (global.set $slots (i32.add (global.get $slots) (i32.const 1)))
            (local.set $slot (global.get $slots))
            (i32.store (local.get $c) (local.get $slot))
            (f64.store (i32.add (i32.const 65536) (i32.shl (i32.sub (local.get $slot) (i32.const 1)) (i32.const 4))) (f64.convert_i64_u (local.get $memory)))))
        (local.set $slot (i32.sub (local.get $slot) (i32.const 1)))
        (local.set $h (i32.add (i32.const 65536) (i32.shl (local.get $slot) (i32.const 4))))
        (if (f64.gt (f64.convert_i64_u (local.get $used)) (f64.load offset=8 (local.get $h)))
          (then (f64.store offset=8 (local.get $h) (f64.convert_i64_u (local.get $used)))))
        (local.set $k (i32.mul (local.get $slot) (i32.const 6)))
        (if (i32.ge_s (local.get $kind) (i32.const 0))
          (then
            ;; a failure: counted by kind (ERRORS + (slot * 18 + kind) * 8), no figures kept
            (local.set $c (i32.add (i32.const 92160) (i32.shl (i32.add (i32.mul (local.get $slot) (i32.const 18)) (local.get $kind)) (i32.const 3))))
            (i32.store (local.get $c) (i32.add (i32.load (local.get $c)) (i32.const 1)))
            (if (f64.ne (local.get $init) (f64.const -1))
              (then (i32.store offset=4 (local.get $c) (i32.add (i32.load offset=4 (local.get $c)) (i32.const 1))))))
        (else
        (if (f64.eq (local.get $init) (f64.const -1))
          (then
            (local.set $full (call $put (local.get $k) (local.get $duration)))
            (local.set $full (i32.or (local.get $full) (call $put (i32.add (local.get $k) (i32.const 1)) (f64.convert_i64_u (local.get $billed))))))
          (else
            (local.set $full (call $put (i32.add (local.get $k) (i32.const 2)) (local.get $duration)))
            (local.set $full (i32.or (local.get $full) (call $put (i32.add (local.get $k) (i32.const 3)) (f64.convert_i64_u (local.get $billed)))))
            (local.set $full (i32.or (local.get $full) (call $put (i32.add (local.get $k) (i32.const 4)) (local.get $init))))
            ;; what a caller waits for on a cold start, as sample-set.ts adds it: duration + init
            (local.set $full (i32.or (local.get $full) (call $put (i32.add (local.get $k) (i32.const 5)) (f64.add (local.get $duration) (local.get $init)))))))))
        (local.set $n (i32.add (local.get $n) (i32.const 1)))
        (local.set $pos (i32.add (local.get $i) (i32.const 1)))
        (br $line)))
    (global.set $stop (local.get $pos))
    (local.get $n))
)
