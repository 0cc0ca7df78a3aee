import { Client } from 'pg';

/**
 * The status a service's patient view (known_patient) holds for a patient, or null while the
 * identity event has not reached it yet. Tests wait on it before writing for the patient.
 */
export async function knownPatientStatus(databaseUrl: string, patientId: string): Promise<string | null> {
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const result = await client.query('select status from known_patient where patient_id = $1', [patientId]);
    return (result.rows[0]?.status as string | undefined) ?? null;
  } finally {
    await client.end();
  }
}
