import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The e-invoice conformance kit (../shared/einvoice, or OMC_EINVOICE_KIT): UBL 2.1 schema with xmllint, then
 * the EN 16931 and Peppol BIS 3.0 Schematron rules with Saxon-HE. The kit's validate.sh starts two JVMs per
 * file (~4 s); here all files go through each stylesheet in one Saxon run over a folder.
 */
export const KIT = process.env.OMC_EINVOICE_KIT ?? resolve(fileURLToPath(new URL('../', import.meta.url)), '../shared/einvoice');
const SAXON_JAR = '/usr/share/java/Saxon-HE.jar';

/** What is missing to run the kit; empty when it can run. */
export function kitMissing(): string[] {
  const missing: string[] = [];
  if (!existsSync(join(KIT, 'cen', 'EN16931-UBL-validation.xslt'))) missing.push(`the kit at ${KIT}`);
  if (!existsSync(SAXON_JAR)) missing.push(`${SAXON_JAR} (libsaxonhe-java)`);
  for (const tool of ['java', 'xmllint']) {
    if (spawnSync('sh', ['-c', `command -v ${tool}`]).status !== 0) missing.push(tool);
  }
  return missing;
}

export interface KitVerdict {
  /** Schema errors from xmllint (the Schematron layers are not run on a file that fails the schema). */
  xsd: string[];
  /** Rule ids of fatal failed asserts, per layer. */
  cen: string[];
  peppol: string[];
  /** Warnings, for the record. */
  warnings: string[];
}

export function fatalCount(v: KitVerdict): number {
  return v.xsd.length + v.cen.length + v.peppol.length;
}

/** Validate every file; the answer is keyed by file base name (which must therefore be unique). */
export function validateAll(files: string[]): Map<string, KitVerdict> {
  const work = mkdtempSync(join(tmpdir(), 'omc-einvoice-'));
  const input = join(work, 'in');
  mkdirSync(input);
  const verdicts = new Map<string, KitVerdict>();
  const byRoot = new Map<string, string[]>();
  for (const file of files) {
    const name = basename(file);
    if (verdicts.has(name)) throw new Error(`two files named ${name}`);
    verdicts.set(name, { xsd: [], cen: [], peppol: [], warnings: [] });
    const root = /<(?:\w+:)?(Invoice|CreditNote)[\s>]/.exec(readFileSync(file, 'utf8'))?.[1] ?? 'Invoice';
    byRoot.set(root, [...(byRoot.get(root) ?? []), file]);
  }
  for (const [root, group] of byRoot) {
    const run = spawnSync('xmllint', ['--noout', '--schema', join(KIT, 'ubl21', 'xsdrt', 'maindoc', `UBL-${root}-2.1.xsd`), ...group], { encoding: 'utf8' });
    for (const line of run.stderr.split('\n')) {
      const file = group.find((f) => line.startsWith(`${f}:`));
      if (file && /error/i.test(line)) verdicts.get(basename(file))!.xsd.push(line.slice(file.length + 1));
    }
    for (const file of group) {
      if (verdicts.get(basename(file))!.xsd.length === 0) copyFileSync(file, join(input, basename(file)));
    }
  }
  if (readdirSync(input).length === 0) return verdicts;
  for (const [layer, xsl] of [
    ['cen', join(KIT, 'cen', 'EN16931-UBL-validation.xslt')],
    ['peppol', join(KIT, 'peppol', 'PEPPOL-EN16931-UBL.xsl')],
  ] as const) {
    const out = join(work, layer);
    mkdirSync(out);
    const run = spawnSync('java', ['-cp', SAXON_JAR, 'net.sf.saxon.Transform', `-s:${input}`, `-xsl:${xsl}`, `-o:${out}`], { encoding: 'utf8' });
    if (run.status !== 0) throw new Error(`Saxon failed on the ${layer} layer: ${run.stderr.slice(0, 2000)}`);
    for (const name of readdirSync(input)) {
      const svrl = readFileSync(join(out, name), 'utf8');
      const verdict = verdicts.get(name)!;
      for (const [, attrs] of svrl.matchAll(/<svrl:failed-assert\b([^>]*)>/g)) {
        const id = /\bid="([^"]*)"/.exec(attrs!)?.[1] ?? '?';
        if (/\bflag="fatal"/.test(attrs!)) verdict[layer].push(id);
        else verdict.warnings.push(`${layer}:${id}`);
      }
    }
  }
  return verdicts;
}
