// Provisioning steps print what they do and how long it took; failures carry the options a user has.

export class ProvisionError extends Error {
  constructor(
    readonly step: string,
    message: string,
    readonly options: string[] = [],
  ) {
    super(message);
    this.name = 'ProvisionError';
  }

  describe(): string {
    const choices = this.options.map((option, index) => `    ${index + 1}. ${option}`).join('\n');
    return `✖ ${this.step}: ${this.message}${choices ? `\n  Options:\n${choices}` : ''}`;
  }
}

/** Runs one named step; its result's string form (if any) is printed as the step's outcome. */
export async function step<T>(name: string, run: () => Promise<T>, describe?: (result: T) => string): Promise<T> {
  const started = performance.now();
  process.stdout.write(`▸ ${name} …\n`);
  try {
    const result = await run();
    const seconds = ((performance.now() - started) / 1000).toFixed(2);
    const outcome = describe ? ` (${describe(result)})` : '';
    process.stdout.write(`✔ ${name}${outcome} in ${seconds}s\n`);
    return result;
  } catch (error) {
    if (error instanceof ProvisionError) throw error;
    throw new ProvisionError(name, (error as Error).message);
  }
}

/** Prints a ProvisionError's options and exits; rethrows anything else. */
export function exitOnProvisionError(error: unknown): never {
  if (error instanceof ProvisionError) {
    console.error(error.describe());
    process.exit(1);
  }
  throw error;
}
