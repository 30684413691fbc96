/**
 * package-lock.json covers every platform (issue 9, item 21): `npm ci` on an official's Windows or
 * Mac machine must find the native canvas binary there, or the run has no charts. A lockfile made
 * on one Linux machine by an older npm lists only that machine's optional packages. CI also fails
 * when `npm install` changes the lockfile (.ci/run), so the file in git is the file users get.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const REPOSITORY = path.resolve(import.meta.dirname, '..', '..');

interface LockedPackage {
  readonly version?: string;
  readonly integrity?: string;
  readonly os?: readonly string[];
  readonly cpu?: readonly string[];
  readonly dependencies?: Record<string, string>;
  readonly devDependencies?: Record<string, string>;
  readonly optionalDependencies?: Record<string, string>;
}

const lock = JSON.parse(readFileSync(path.join(REPOSITORY, 'package-lock.json'), 'utf8')) as { lockfileVersion: number; packages: Record<string, LockedPackage> };
const manifest = JSON.parse(readFileSync(path.join(REPOSITORY, 'package.json'), 'utf8')) as { dependencies: Record<string, string>; devDependencies: Record<string, string> };

/** Where npm puts `dependency` of the package at `location`: nested under it, or hoisted to the top. */
function lockedDependency(location: string, dependency: string): LockedPackage | undefined {
  return lock.packages[`${location}/node_modules/${dependency}`] ?? lock.packages[`node_modules/${dependency}`];
}

describe('package-lock.json', () => {
  it('matches package.json, so npm install has nothing to change', () => {
    expect(lock.lockfileVersion).toBe(3);
    expect(lock.packages[''].dependencies).toEqual(manifest.dependencies);
    expect(lock.packages[''].devDependencies).toEqual(manifest.devDependencies);
  });

  it('lists the Windows, macOS and Linux canvas binaries with their platforms and hashes', () => {
    const expected: Record<string, [string, string]> = {
      '@napi-rs/canvas-win32-x64-msvc': ['win32', 'x64'],
      '@napi-rs/canvas-win32-arm64-msvc': ['win32', 'arm64'],
      '@napi-rs/canvas-darwin-arm64': ['darwin', 'arm64'],
      '@napi-rs/canvas-darwin-x64': ['darwin', 'x64'],
      '@napi-rs/canvas-linux-x64-gnu': ['linux', 'x64'],
    };
    const canvas = lock.packages['node_modules/@napi-rs/canvas'];
    for (const [name, [os, cpu]] of Object.entries(expected)) {
      expect(Object.keys(canvas.optionalDependencies ?? {}), name).toContain(name);
      const locked = lock.packages[`node_modules/${name}`];
      expect(locked, name).toBeDefined();
      expect(locked.version).toBe(canvas.optionalDependencies![name]);
      expect(locked.integrity).toMatch(/^sha512-/);
      expect([locked.os, locked.cpu]).toEqual([[os], [cpu]]);
    }
  });

  it('lists every optional platform package of every package, not just this machine\'s', () => {
    let checked = 0;
    for (const [location, locked] of Object.entries(lock.packages)) {
      for (const [dependency, version] of Object.entries(locked.optionalDependencies ?? {})) {
        const entry = lockedDependency(location, dependency);
        expect(entry, `${location} -> ${dependency}`).toBeDefined();
        expect(entry!.integrity, `${dependency} has no integrity hash`).toMatch(/^sha512-/);
        expect(entry!.version).toBeDefined();
        // An exact pin (as native packages use) must be the version locked.
        if (/^\d+\.\d+\.\d+$/.test(version)) expect(entry!.version, dependency).toBe(version);
        checked += 1;
      }
    }
    expect(checked).toBeGreaterThan(20);
  });
});
