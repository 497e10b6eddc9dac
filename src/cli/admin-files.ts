import { readFile } from 'node:fs/promises';

/** Reads a policy document from FILE, or from standard input when FILE is `-`. */
export async function readPolicyFile(file: string): Promise<string> {
  let text: string;
  if (file === '-') {
    const chunks: Buffer[] = [];
    for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
    text = Buffer.concat(chunks).toString('utf8');
  } else {
    try {
      text = await readFile(file, 'utf8');
    } catch (error) {
      throw new Error(`cannot read policy file ${file}: ${(error as Error).message}`);
    }
  }
  try {
    JSON.parse(text);
  } catch (error) {
    throw new Error(`policy file ${file === '-' ? '(standard input)' : file} is not valid JSON: ${(error as Error).message}`);
  }
  return text;
}

/** Pretty-prints a policy document as returned by IAM (URL-encoded JSON). */
export function decodePolicyDocument(encoded: string): { text: string; parsed: unknown } {
  const text = decodeURIComponent(encoded);
  try {
    return { text: JSON.stringify(JSON.parse(text), null, 2), parsed: JSON.parse(text) };
  } catch {
    return { text, parsed: text };
  }
}
