import { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateDelivery1767000004000 implements MigrationInterface {
  name = 'CreateDelivery1767000004000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      create table delivery_endpoint (
        id uuid primary key,
        subscription_id uuid not null,
        ods_code text not null,
        topic text not null,
        format text not null check (format in ('fhir-backport', 'standard-webhooks')),
        url text not null,
        content text check (content in ('empty', 'id-only', 'full-resource')),
        status text not null check (status in ('requested', 'handshaking', 'active', 'paused', 'disabled', 'error')),
        status_reason text,
        cursor_number bigint not null check (cursor_number >= 0),
        cursor_offset bigint,
        last_seen_number bigint not null,
        blocked_number bigint,
        blocked_reason text,
        blocked_since timestamptz,
        consecutive_failures int not null default 0,
        failing_since timestamptz,
        next_attempt_at timestamptz,
        last_error text,
        heartbeat_period_seconds int not null default 300
          check (heartbeat_period_seconds = 0 or heartbeat_period_seconds between 10 and 86400),
        timeout_seconds int not null default 15 check (timeout_seconds between 1 and 60),
        max_events_per_notification int not null default 1 check (max_events_per_notification between 1 and 100),
        rate_limit_per_second int not null default 100 check (rate_limit_per_second between 1 and 1000),
        request_headers_ciphertext bytea,
        client_tls_ciphertext bytea,
        last_notification_at timestamptz,
        last_delivered_at timestamptz,
        lease_owner text,
        lease_until timestamptz,
        lease_epoch bigint not null default 0,
        created_at timestamptz not null,
        created_by jsonb not null,
        updated_at timestamptz not null,
        control_version bigint not null default 0
      )`);
    await runner.query(`create index delivery_endpoint_ods_code on delivery_endpoint (ods_code)`);
    // The supervisor's claim looks for workable endpoints whose lease ran out.
    await runner.query(`create index delivery_endpoint_workable on delivery_endpoint (lease_until) where status in ('active', 'paused')`);
    await runner.query(`
      create table endpoint_secret (
        endpoint_id uuid not null references delivery_endpoint (id),
        version int not null,
        secret_ciphertext bytea not null,
        created_at timestamptz not null,
        created_by jsonb not null,
        expires_at timestamptz,
        primary key (endpoint_id, version)
      )`);
    await runner.query(`
      create table delivery_attempt (
        id bigint generated always as identity primary key,
        endpoint_id uuid not null references delivery_endpoint (id),
        kind text not null check (kind in ('handshake', 'heartbeat', 'event')),
        event_number bigint,
        event_count int not null,
        event_id uuid,
        kafka_offset bigint,
        attempt int not null,
        started_at timestamptz not null,
        latency_ms int not null,
        outcome text not null check (outcome in ('delivered', 'failed', 'timeout', 'connection-error', 'rate-limited', 'gone', 'build-failed', 'held')),
        http_status int,
        retry_after_ms int,
        error text
      )`);
    await runner.query(`create index delivery_attempt_endpoint on delivery_attempt (endpoint_id, id desc)`);
    await runner.query(`create index delivery_attempt_number on delivery_attempt (endpoint_id, event_number)`);
    await runner.query(`create index delivery_attempt_started on delivery_attempt (started_at)`);
    await runner.query(`
      create table delivery_skip (
        id bigint generated always as identity primary key,
        endpoint_id uuid not null references delivery_endpoint (id),
        event_number bigint not null,
        through_number bigint not null check (through_number >= event_number),
        event_id uuid,
        blocked_reason text not null,
        reason text not null,
        actor jsonb not null,
        at timestamptz not null
      )`);
    await runner.query(`create index delivery_skip_endpoint on delivery_skip (endpoint_id, id)`);
    await runner.query(`
      create table endpoint_transition (
        id bigint generated always as identity primary key,
        endpoint_id uuid not null references delivery_endpoint (id),
        action text not null,
        from_status text,
        to_status text not null,
        from_cursor bigint,
        to_cursor bigint,
        details jsonb not null default '{}',
        actor jsonb,
        at timestamptz not null
      )`);
    await runner.query(`create index endpoint_transition_endpoint on endpoint_transition (endpoint_id, id)`);
    await runner.query(`
      create table feed_offset (
        subscription_id uuid not null,
        event_number bigint not null,
        kafka_offset bigint not null,
        primary key (subscription_id, event_number)
      )`);
  }

  async down(runner: QueryRunner): Promise<void> {
    for (const table of ['feed_offset', 'endpoint_transition', 'delivery_skip', 'delivery_attempt', 'endpoint_secret', 'delivery_endpoint']) {
      await runner.query(`drop table ${table}`);
    }
  }
}
