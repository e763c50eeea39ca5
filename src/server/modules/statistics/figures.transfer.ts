import { type Figures, REPORT_STATUSES, type ReportStatus } from '../../../domain/statistics.ts';
import type { OrgFigures } from './figures.service.ts';

/**
 * A week's figures per organization (computeFigures' map) packed for the trip from the worker thread
 * (off-thread.ts) to the app's main thread: the numbers in two Float64Arrays (handed over, not copied), the
 * organizations' strings in one JSON text that leaves out most paths (a child's is its parent's and its id). A
 * province's map (20,000 organizations, each with its figures object and its subtree's overdue ages rolled up:
 * ≈ 220,000 numbers in small arrays), median of ten in one process (`v8.serialize`/`deserialize`, as a message is
 * cloned): the worker's side 159–160 ms cloned as it is, 75–88 ms packed and cloned; the main thread's 146–180 ms
 * to read the clone back, 99–120 ms to read the packed one and build the objects (much of it garbage collection of
 * what it builds). figures.transfer.test.ts checks that what is unpacked equals what was packed.
 */
export interface PackedFigures {
  /**
   * Per organization: id, parentId ('' for none), path ('' where it is its parent's path and its id, the parent being
   * in the map: most of the text otherwise), kind, name, createdAt ('' for none).
   */
  strings: string;
  /** Per organization: FIGURE_FIELDS, then depth, parentId given, createdAt given, report status, overdue ages. */
  numbers: Float64Array;
  ages: Float64Array;
}

/** Every numeric field of Figures (all but the overdue ages), in the order figuresAt reads them back. */
const FIGURE_FIELDS = [
  'total',
  'open',
  'rectifying',
  'submitted',
  'accepted',
  'closed',
  'overdue',
  'newCount',
  'acceptedCount',
  'rejectedCount',
  'closedCount',
  'lateAcceptanceCount',
  'measuresTotal',
  'measuresDone',
  'reportsExpected',
  'reportsOnTime',
  'reportsLate',
  'reportsMissing',
  'standardScore',
  'standardMax',
  'unitsScored',
  'unitsAttained',
] as const satisfies ReadonlyArray<Exclude<keyof Figures, 'overdueAges'>>;
const PER_ORG = FIGURE_FIELDS.length + 5;

/**
 * The figures at `n`, in FIGURE_FIELDS' order, in emptyFigures' shape (the same hidden class as the figures
 * counted on this thread). A field missing here fails to compile; one missing from FIGURE_FIELDS, or out of its
 * order, fails figures.transfer.test.ts.
 */
function figuresAt(x: Float64Array, n: number): Figures {
  return {
    total: x[n]!,
    open: x[n + 1]!,
    rectifying: x[n + 2]!,
    submitted: x[n + 3]!,
    accepted: x[n + 4]!,
    closed: x[n + 5]!,
    overdue: x[n + 6]!,
    overdueAges: [],
    newCount: x[n + 7]!,
    acceptedCount: x[n + 8]!,
    rejectedCount: x[n + 9]!,
    closedCount: x[n + 10]!,
    lateAcceptanceCount: x[n + 11]!,
    measuresTotal: x[n + 12]!,
    measuresDone: x[n + 13]!,
    reportsExpected: x[n + 14]!,
    reportsOnTime: x[n + 15]!,
    reportsLate: x[n + 16]!,
    reportsMissing: x[n + 17]!,
    standardScore: x[n + 18]!,
    standardMax: x[n + 19]!,
    unitsScored: x[n + 20]!,
    unitsAttained: x[n + 21]!,
  };
}

export function packFigures(map: ReadonlyMap<string, OrgFigures>): PackedFigures {
  const strings: string[] = [];
  const numbers = new Float64Array(map.size * PER_ORG);
  let ageCount = 0;
  for (const v of map.values()) ageCount += v.figures.overdueAges.length;
  const ages = new Float64Array(ageCount);
  let n = 0;
  let a = 0;
  for (const [key, { org, figures, reportStatus }] of map) {
    if (key !== org.id) throw new Error(`figures of ${org.id} kept under ${key}`);
    const parentPath = org.parentId === null ? undefined : map.get(org.parentId)?.org.path;
    const derived = parentPath !== undefined && org.path === `${parentPath}${org.id}/`;
    strings.push(org.id, org.parentId ?? '', derived ? '' : org.path, org.kind, org.name, org.createdAt ?? '');
    for (const f of FIGURE_FIELDS) numbers[n++] = figures[f];
    numbers[n++] = org.depth;
    numbers[n++] = org.parentId === null ? 0 : 1;
    numbers[n++] = org.createdAt === undefined ? 0 : 1;
    numbers[n++] = reportStatus === null ? -1 : REPORT_STATUSES.indexOf(reportStatus);
    numbers[n++] = figures.overdueAges.length;
    for (const age of figures.overdueAges) ages[a++] = age;
  }
  return { strings: JSON.stringify(strings), numbers, ages };
}

export function unpackFigures(packed: PackedFigures): Map<string, OrgFigures> {
  const strings = JSON.parse(packed.strings) as string[];
  const { numbers, ages } = packed;
  const map = new Map<string, OrgFigures>();
  let s = 0;
  let n = 0;
  let a = 0;
  while (s < strings.length) {
    const id = strings[s]!;
    const parentId = strings[s + 1]!;
    const path = strings[s + 2]!;
    const kind = strings[s + 3]!;
    const name = strings[s + 4]!;
    const createdAt = strings[s + 5]!;
    s += 6;
    const figures = figuresAt(numbers, n);
    n += FIGURE_FIELDS.length;
    const depth = numbers[n++]!;
    const hasParent = numbers[n++] === 1;
    const hasCreatedAt = numbers[n++] === 1;
    const status = numbers[n++]!;
    const ageCount = numbers[n++]!;
    const overdueAges = figures.overdueAges;
    for (const end = a + ageCount; a < end; a++) overdueAges.push(ages[a]!);
    map.set(id, {
      org: hasCreatedAt
        ? { id, parentId: hasParent ? parentId : null, path, kind, name, depth, createdAt }
        : { id, parentId: hasParent ? parentId : null, path, kind, name, depth },
      figures,
      reportStatus: status < 0 ? null : (REPORT_STATUSES[status] as ReportStatus),
    });
  }
  // The paths left out: the parent's, and the id.
  const pathOf = (org: OrgFigures['org']): string => {
    if (org.path === '') org.path = `${pathOf(map.get(org.parentId!)!.org)}${org.id}/`;
    return org.path;
  };
  for (const { org } of map.values()) pathOf(org);
  return map;
}
