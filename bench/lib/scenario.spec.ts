import { Measurement } from './measurement';
import { compare } from './scenario';

const scenario = { name: 'demo', title: 'Demo', target: '≥50%, p99 within 3×' };

function measured(throughput: number, p99Ms: number, faults: Partial<Measurement> = {}): Measurement {
  return {
    label: 'x',
    throughput,
    unit: 'req/s',
    p50Ms: 1,
    p99Ms,
    total: 100,
    errors: 0,
    non2xx: 0,
    warmupFaults: 0,
    durationS: 1,
    ...faults,
  };
}

describe('compare', () => {
  it('meets the target when throughput and p99 are both inside it', () => {
    const result = compare(scenario, measured(60, 3), measured(100, 1), {
      minThroughputRatio: 0.5,
      maxP99Ratio: 3,
    });
    expect(result).toMatchObject({ status: 'ok', targetMet: true, throughputRatio: 0.6, p99Ratio: 3 });
    expect(result.notes).toEqual([]);
  });

  it('says plainly which part of the target was missed', () => {
    const result = compare(scenario, measured(40, 5), measured(100, 1), {
      minThroughputRatio: 0.5,
      maxP99Ratio: 3,
    });
    expect(result.targetMet).toBe(false);
    expect(result.notes).toEqual([
      "Target missed: throughput is 40% of the baseline's, below the 50% target.",
      "Target missed: p99 is 5× the baseline's, above the 3× target.",
    ]);
  });

  it('marks a run with errors or non-2xx answers as failed, however fast', () => {
    const result = compare(scenario, measured(500, 1, { non2xx: 3 }), measured(100, 1), {
      minThroughputRatio: 0.5,
    });
    expect(result.status).toBe('failed');
    expect(result.notes.join(' ')).toContain('3 errors or non-2xx answers');
  });

  it('counts faults during the warm-up too', () => {
    const result = compare(scenario, measured(500, 1, { warmupFaults: 2 }), measured(100, 1), {});
    expect(result.status).toBe('failed');
  });
});
