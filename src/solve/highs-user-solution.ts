/**
 * Make HiGHS take the plans handed to it in the `mipUserSolution` callback.
 *
 * As shipped (highs npm 1.15.3, HiGHS 1.15.1, and HiGHS's master of 2026-08), a plan handed back
 * with `event.setSolution()` is silently dropped, though the call returns status 0:
 *
 *  - the JavaScript wrapper registers a C callback, which HiGHS (`Highs::setCallback` for a
 *    `HighsCCallbackType`) wraps in a lambda that copies the C++ callback input into a C struct
 *    `HighsCallbackDataIn` (`cc_in`), calls the C callback with it, and afterwards copies the
 *    struct's `user_interrupt` and `user_has_solution` fields back (`*cb_in = cc_in`);
 *  - `Highs_setCallbackSolution(data_in, ...)` writes the values into the C++ input behind
 *    `data_in->cbdata` and sets *its* `user_has_solution`, but not the C struct's field;
 *  - so the copy-back resets `user_has_solution` to the struct's 0, and
 *    `HighsMipSolverData::queryExternalSolution` sees no solution: no check, no incumbent, no log
 *    line. `repairSolution()` is lost the same way.
 *
 * The fix is the one write the C API misses: after a successful `Highs_setCallbackSolution`
 * (dense or sparse) or `Highs_repairCallbackSolution`, set the struct's `user_has_solution` to 1.
 * The values are already in the C++ input, so the copy-back then hands HiGHS the plan, which it
 * checks against the original model (every column, continuous ones too) and maps into its
 * presolved space itself. The wrapper exports no view of the WebAssembly memory, so the 1 is
 * written by HiGHS's own `Highs_getIntOptionValue` into the field's address (a private HiGHS
 * instance whose `random_seed` is 1): the only exported call that stores an int at a given address.
 *
 * A second fault is not in the C API: in a maximisation HiGHS pre-screens a handed plan in the
 * wrong objective sense and drops every one after its first incumbent; runHighs works around that
 * by handing a maximisation over as a minimisation when it polishes (highs-run.ts, docs/engines.md).
 *
 * The wrapper resolves native functions by name from the runtime object on first use, so the
 * patch must be installed before the first callback solution; loadHighsRuntime installs it on
 * load. `tests/solve/highs-user-solution.test.ts` proves on a tiny model that a handed plan
 * becomes HiGHS's incumbent with the patch, and was dropped without it.
 */
import type { Highs } from 'highs';

/** Byte offset of `user_has_solution` in `HighsCallbackDataIn` on wasm32: int, pointer, pointer, then the flag. */
const USER_HAS_SOLUTION_OFFSET = 12;

/** HiGHS's `kHighsStatusOk`. */
const STATUS_OK = 0;

/** Native functions of the runtime object the patch wraps (looked up by the wrapper as `Module["_" + name]`). */
type NativeFunctions = Record<string, unknown> & {
  cwrap(name: string, returnType: string, argumentTypes: readonly string[]): (...args: unknown[]) => number;
  _Highs_create(): number;
};

const patchedRuntimes = new WeakSet<object>();

/**
 * Patch the runtime so that callback solutions reach HiGHS. Returns false (and changes nothing)
 * when the runtime does not look like the 32-bit build the struct offset is for.
 */
export function enableCallbackSolutions(highs: Highs): boolean {
  if (patchedRuntimes.has(highs)) return true;
  const native = highs as unknown as NativeFunctions;
  const names = ['_Highs_setCallbackSolution', '_Highs_setCallbackSparseSolution', '_Highs_repairCallbackSolution'] as const;
  if (highs.intBytes !== 4 || typeof native.cwrap !== 'function' || typeof native._Highs_create !== 'function') return false;
  if (!names.every((name) => typeof native[name] === 'function')) return false;
  const setIntOption = native.cwrap('Highs_setIntOptionValue', 'number', ['number', 'string', 'number']);
  const getIntOption = native.cwrap('Highs_getIntOptionValue', 'number', ['number', 'string', 'number']);
  // A private instance, never run and never freed (one per runtime): its random_seed is the 1 to write.
  const store = native._Highs_create();
  if (!store || setIntOption(store, 'random_seed', 1) !== STATUS_OK) return false;
  const markHasSolution = (dataIn: number): void => {
    getIntOption(store, 'random_seed', dataIn + USER_HAS_SOLUTION_OFFSET);
  };
  for (const name of names) {
    const original = native[name] as (dataIn: number, ...rest: number[]) => number;
    native[name] = (dataIn: number, ...rest: number[]): number => {
      const status = original(dataIn, ...rest);
      if (status === STATUS_OK && dataIn) markHasSolution(dataIn);
      return status;
    };
  }
  patchedRuntimes.add(highs);
  return true;
}
