import { describe, expect, it } from '@jest/globals';
import {
  listSchedule,
  makespanLowerBound,
  NOT_SCHEDULED,
  type ListScheduleInput,
} from '../../core/list-schedule.js';
import { buildUnitDag, type GraphNode } from '../../core/unit-dag.js';

const node = (id: number, estimate: number, after: number[] = []): GraphNode => ({ id, estimate, after });

/** 1 (3) and 2 (1) have no blockers; 3 (2) waits on 1. Node i is task i + 1. */
const dag = buildUnitDag([node(1, 3), node(2, 1), node(3, 2, [1])]);

function input(overrides: Partial<ListScheduleInput> = {}): ListScheduleInput {
  return {
    dag,
    workers: 2,
    duration: dag.estimate,
    pending: Int32Array.from([0, 0, 1]),
    running: [],
    // Longest chain first: 1, then 3, then 2.
    rank: Int32Array.from([0, 2, 1]),
    ...overrides,
  };
}

describe('listSchedule', () => {
  it.each([
    [2, [], 5],
    [1, [], 6],
    [2, [{ node: -1, remaining: 4 }], 5],
    [2, [{ node: -1, remaining: 8 }], 8],
  ])('on %i workers with running %j finishes at %i', (workers, running, makespan) => {
    expect(listSchedule(input({ workers, running })).makespan).toBe(makespan);
  });

  it('starts the lowest rank first and records when each node starts and finishes', () => {
    const schedule = listSchedule(input({ workers: 1 }));
    expect([...schedule.start]).toEqual([0, 5, 3]);
    expect([...schedule.finish]).toEqual([3, 6, 5]);
  });

  it('leaves out nodes not in the schedule, and what waits on them', () => {
    const schedule = listSchedule(input({ pending: Int32Array.from([NOT_SCHEDULED, 0, 1]) }));
    expect(schedule.makespan).toBe(1);
    expect(schedule.finish[2]).toBeNaN();
  });

  it('lets a running node hold its worker for what is left of it, then release its dependents', () => {
    const schedule = listSchedule(input({ workers: 1, running: [{ node: 0, remaining: 1 }] }));
    // 1 finishes at 1 and frees 3 (rank 1) before 2 (rank 2): 3 runs 1..3, then 2 runs 3..4.
    expect([...schedule.start]).toEqual([Number.NaN, 3, 1]);
    expect(schedule.makespan).toBe(4);
  });

  it('does not start a node before its release time', () => {
    const schedule = listSchedule(input({ release: Float64Array.from([2, 0, 0]) }));
    expect(schedule.start[0]).toBe(2);
    expect(schedule.makespan).toBe(7);
  });

  it('frees every worker finishing at a moment before it starts anything', () => {
    // Two 1-unit nodes finish together at 1; then the best-ranked of the three released starts first.
    const fan = buildUnitDag([node(1, 1), node(2, 1), node(3, 1, [1]), node(4, 5, [2]), node(5, 1, [1])]);
    const schedule = listSchedule({
      dag: fan,
      workers: 2,
      duration: fan.estimate,
      pending: Int32Array.from([0, 0, 1, 1, 1]),
      running: [],
      rank: Int32Array.from([0, 1, 3, 2, 4]),
    });
    expect(schedule.start[3]).toBe(1);
    expect(schedule.start[2]).toBe(1);
    expect(schedule.start[4]).toBe(2);
  });

  it('asks `choose` whenever more are ready than workers are free, with the rest of the schedule from then', () => {
    const rests: ListScheduleInput[] = [];
    const wide = buildUnitDag([node(1, 2), node(2, 1), node(3, 1), node(4, 1, [1])]);
    listSchedule({
      dag: wide,
      workers: 1,
      duration: wide.estimate,
      pending: Int32Array.from([0, 0, 0, 1]),
      running: [],
      rank: Int32Array.from([0, 1, 2, 3]),
      choose: (rest) => {
        rests.push(rest);
        return rest.rank;
      },
    });
    // At 0: three ready, one worker. At 2 (#1 done): #2, #3, #4 ready. At 3: #3, #4. At 4: #4 alone.
    expect(rests).toHaveLength(3);
    const atTwo = rests[1]!;
    expect(Array.from(atTwo.pending)).toEqual([NOT_SCHEDULED, 0, 0, 0]);
    expect(atTwo.running).toEqual([]);
    expect(atTwo.choose).toBeUndefined();
  });

  it('starts by the ranks `choose` returns from then on', () => {
    const wide = buildUnitDag([node(1, 1), node(2, 1), node(3, 1)]);
    const schedule = listSchedule({
      dag: wide,
      workers: 1,
      duration: wide.estimate,
      pending: Int32Array.from([0, 0, 0]),
      running: [],
      rank: Int32Array.from([0, 1, 2]),
      choose: () => Int32Array.from([2, 1, 0]),
    });
    expect([...schedule.start]).toEqual([2, 1, 0]);
  });

  it('tells `choose` how long running attempts have left', () => {
    const pair = buildUnitDag([node(1, 4), node(2, 1), node(3, 1), node(4, 1)]);
    let seen: ListScheduleInput['running'] = [];
    listSchedule({
      dag: pair,
      workers: 2,
      duration: pair.estimate,
      pending: Int32Array.from([0, 0, 0, 0]),
      running: [],
      rank: Int32Array.from([0, 1, 2, 3]),
      choose: (rest) => {
        if (rest.running.length > 0) seen = rest.running;
        return rest.rank;
      },
    });
    // At 1, #2 is done, #1 has 3 of its 4 units left, and #3 and #4 compete for one worker.
    expect(seen).toEqual([{ node: 0, remaining: 3 }]);
  });
});

describe('makespanLowerBound', () => {
  it('is the work over the workers, or the longest chain when a topological order is given', () => {
    const at = input();
    const schedule = listSchedule(at);
    expect(makespanLowerBound(at, schedule)).toBe(3);
    expect(makespanLowerBound(at, schedule, Int32Array.from([0, 1, 2]))).toBe(5);
  });

  it('counts running attempts, and never more workers than attempts may run at once', () => {
    const at = input({
      workers: 1,
      running: [
        { node: -1, remaining: 4 },
        { node: -1, remaining: 4 },
      ],
    });
    // 6 units of nodes and 8 of running attempts, of which two run at once from the outset.
    expect(makespanLowerBound(at, listSchedule(at))).toBe(7);
  });

  it('leaves out nodes that never start', () => {
    const at = input({ pending: Int32Array.from([0, 0, 2]) });
    expect(makespanLowerBound(at, listSchedule(at))).toBe(2);
  });
});
