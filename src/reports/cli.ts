export async function runReport(_argv: string[]): Promise<number> { return 2; }
