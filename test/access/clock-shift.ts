/**
 * Lets time pass on a Coffer server without waiting. A test loads this module into the server
 * with `node --import` (through NODE_OPTIONS). Each SIGUSR2 then moves the server's clock
 * forward by CLOCK_SHIFT_STEP_SECONDS, and a JSON line `{"msg":"clock shifted",...,"pid":N}`
 * on stdout confirms it for process N. Only `Date` moves, so timers keep real time.
 */
const RealDate = Date;
const stepMs = Number(process.env.CLOCK_SHIFT_STEP_SECONDS ?? '0') * 1000;
let offsetMs = 0;

class ShiftedDate extends RealDate {
  constructor(...args: unknown[]) {
    if (args.length === 0) super(RealDate.now() + offsetMs);
    else super(...(args as [string | number | Date]));
  }

  static override now(): number {
    return RealDate.now() + offsetMs;
  }
}

globalThis.Date = ShiftedDate as DateConstructor;

process.on('SIGUSR2', () => {
  offsetMs += stepMs;
  process.stdout.write(`${JSON.stringify({ msg: 'clock shifted', offsetSeconds: offsetMs / 1000, pid: process.pid })}\n`);
});
