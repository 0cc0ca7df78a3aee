/** One line of the Prometheus text exposition format: a metric name, its labels and its value. */
export interface PrometheusSample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

const SAMPLE = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})?\s+(\S+)(?:\s+-?\d+)?$/;
const LABEL = /\s*([a-zA-Z_][a-zA-Z0-9_]*)\s*=\s*"((?:[^"\\]|\\.)*)"\s*,?/y;

/**
 * The samples of a /metrics answer (text format 0.0.4). Comments and blank lines carry no sample;
 * a line that is not a sample is an error, so a changed format is noticed rather than misread.
 */
export function parsePrometheusText(text: string): PrometheusSample[] {
  return text
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'))
    .map(parseSample);
}

/** The samples of one metric, e.g. every endpoint's delivery_endpoint_backlog_messages. */
export function samplesNamed(samples: PrometheusSample[], name: string): PrometheusSample[] {
  return samples.filter((sample) => sample.name === name);
}

function parseSample(line: string): PrometheusSample {
  const match = SAMPLE.exec(line);
  if (!match) throw new Error(`not a Prometheus sample: ${line}`);
  const [, name, labelText = '', valueText] = match;
  return { name, labels: parseLabels(labelText, line), value: parseValue(valueText, line) };
}

function parseLabels(text: string, line: string): Record<string, string> {
  const labels: Record<string, string> = {};
  LABEL.lastIndex = 0;
  while (LABEL.lastIndex < text.length) {
    const start = LABEL.lastIndex;
    const match = LABEL.exec(text);
    if (!match) {
      if (text.slice(start).trim() === '') break;
      throw new Error(`unreadable labels in Prometheus sample: ${line}`);
    }
    labels[match[1]] = unescape(match[2]);
  }
  return labels;
}

function unescape(value: string): string {
  return value.replace(/\\(.)/g, (_, char: string) => (char === 'n' ? '\n' : char));
}

function parseValue(text: string, line: string): number {
  if (text === '+Inf') return Infinity;
  if (text === '-Inf') return -Infinity;
  if (text === 'NaN') return NaN;
  const value = Number(text);
  if (Number.isNaN(value)) throw new Error(`unreadable value in Prometheus sample: ${line}`);
  return value;
}
