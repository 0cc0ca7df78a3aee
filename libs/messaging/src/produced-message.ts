/** One message for Kafka as the producer sends it: its topic, key, encoded value and string headers. */
export interface ProducedMessage {
  topic: string;
  key: string;
  value: Buffer;
  headers: Record<string, string>;
}
