// Free ports for the stacks tests and benchmarks start: a caller that asks for several before starting any
// server must get distinct ones (the kernel may hand a just-closed port out again).
import { describe, expect, it } from '@jest/globals';
import { freePort } from '../../scripts/lib/ports.js';

describe('freePort', () => {
  it('hands a port out once per process, each one free to listen on', async () => {
    const ports: number[] = [];
    for (let index = 0; index < 300; index += 1) ports.push(await freePort());
    expect(new Set(ports).size).toBe(ports.length);
    expect(ports.every((port) => port > 0 && port < 65_536)).toBe(true);
  });
});
