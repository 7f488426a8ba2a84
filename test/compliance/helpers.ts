import { checkText, type CheckResult, type ComplianceCheckRequestInput, type Finding } from '../../shared/compliance';

/** Runs a check and asserts the span invariant every finding must keep. */
export function check(req: ComplianceCheckRequestInput): CheckResult {
  const result = checkText(req);
  for (const f of result.findings) {
    expect(f.start).toBeGreaterThanOrEqual(0);
    expect(f.end).toBeLessThanOrEqual(req.text.length);
    expect(f.start).toBeLessThanOrEqual(f.end);
    expect(req.text.slice(f.start, f.end)).toBe(f.match);
  }
  return result;
}

export const ids = (findings: readonly Finding[]): string[] => [...new Set(findings.map((f) => f.ruleId))].sort();
export const matches = (findings: readonly Finding[]): string[] => findings.map((f) => f.match);
