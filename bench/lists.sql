-- The chronological lists of CONTRACT "File formats" in SQL, for the lists benchmark's comparison with DuckDB
-- (`bench/lists-duckdb.ts` sets the variables and writes one CSV per list from the table `list_rows`).
-- Same files as `lists compute`, edition isi2024, resolution ms; the generated data has canonical region names,
-- instants in UTC with milliseconds and no sub-millisecond registration times, which this SQL relies on.

CREATE TEMP TABLE applications AS
SELECT
  token,
  company_name,
  region,
  axis,
  CAST(round(CAST(requested_eur AS DECIMAL(18, 2)) * 100) AS BIGINT) AS requested_cents,
  CAST(round(CAST(project_eur AS DECIMAL(18, 2)) * 100) AS BIGINT) AS project_cents,
  epoch_ms(CAST(registered_at AS TIMESTAMPTZ)) AS registered_ms,
  cciaa_date,
  legality_rating
FROM read_csv(getvariable('applications'), header = true, all_varchar = true, quote = '"', escape = '"');

CREATE TEMP TABLE sends AS
SELECT token, epoch_ms(CAST(arrival_at AS TIMESTAMPTZ)) AS arrival_ms
FROM read_csv(getvariable('sends'), header = true, all_varchar = true);

CREATE TEMP TABLE allocations AS
SELECT region, axis, CAST(round(CAST(allocation_eur AS DECIMAL(18, 2)) * 100) AS BIGINT) AS allocation_cents
FROM read_csv(getvariable('allocations'), header = true, all_varchar = true);

CREATE TEMP TABLE annulments AS
SELECT token, reason FROM read_csv(getvariable('annulments'), header = true, all_varchar = true);

-- R17c: NCD when every application of the list, sent or not, annulled or not, asks no more than the allocation.
CREATE TEMP TABLE lists AS
SELECT a.region, a.axis, l.allocation_cents, sum(a.requested_cents) <= l.allocation_cents AS ncd
FROM applications a JOIN allocations l USING (region, axis)
GROUP BY a.region, a.axis, l.allocation_cents;

CREATE TEMP TABLE members AS
SELECT
  a.*,
  l.allocation_cents,
  l.ncd,
  CASE WHEN l.ncd THEN NULL ELSE s.arrival_ms END AS arrival_ms,
  n.token IS NOT NULL AS annulled,
  -- Sort keys: NCD lists order by registration, then token only.
  CASE WHEN l.ncd THEN 0 ELSE a.requested_cents END AS k_requested,
  CASE WHEN l.ncd THEN 0 ELSE -a.project_cents END AS k_project,
  CASE WHEN l.ncd THEN '' ELSE a.cciaa_date END AS k_cciaa,
  CASE WHEN l.ncd OR a.legality_rating = 'true' THEN 0 ELSE 1 END AS k_legality
FROM applications a
JOIN lists l USING (region, axis)
LEFT JOIN sends s USING (token)
LEFT JOIN annulments n USING (token)
WHERE l.ncd OR s.token IS NOT NULL;

-- Ranked rows (not annulled): arrival, then art. 16's criteria, then the token; NCD lists by registration, token.
CREATE TEMP TABLE ranked AS
SELECT
  *,
  row_number() OVER w AS position,
  sum(requested_cents) OVER (w ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS cumulative_cents,
  lag(arrival_ms) OVER w AS prev_arrival,
  lag(registered_ms) OVER w AS prev_registered,
  lag(requested_cents) OVER w AS prev_requested,
  lag(project_cents) OVER w AS prev_project,
  lag(cciaa_date) OVER w AS prev_cciaa,
  lag(legality_rating) OVER w AS prev_legality
FROM members
WHERE NOT annulled
WINDOW w AS (
  PARTITION BY region, axis
  ORDER BY arrival_ms, registered_ms, k_requested, k_project, k_cciaa, k_legality, token
);

CREATE TEMP TABLE list_rows AS
SELECT
  region,
  axis,
  position AS ord,
  CAST(position AS VARCHAR) AS position,
  token,
  company_name,
  strftime(make_timestamp(arrival_ms * 1000), '%Y-%m-%dT%H:%M:%S.%gZ') AS arrival_at,
  printf('%d.%02d', requested_cents // 100, requested_cents % 100) AS requested_eur,
  printf('%d.%02d', cumulative_cents // 100, cumulative_cents % 100) AS cumulative_eur,
  CASE
    WHEN ncd THEN 'NCD'
    WHEN position < coalesce(min(CASE WHEN cumulative_cents > allocation_cents THEN position END)
      OVER (PARTITION BY region, axis), 9223372036854775807) THEN 'UTILE'
    ELSE 'CARENZA_FONDI'
  END AS status,
  CASE
    WHEN ncd OR prev_arrival IS NULL OR prev_arrival <> arrival_ms THEN NULL
    WHEN prev_registered <> registered_ms THEN 'registered_at'
    WHEN prev_requested <> requested_cents THEN 'requested_eur'
    WHEN prev_project <> project_cents THEN 'project_eur'
    WHEN prev_cciaa <> cciaa_date THEN 'cciaa_date'
    WHEN prev_legality <> legality_rating THEN 'legality_rating'
    ELSE 'token'
  END AS decided_by
FROM ranked
UNION ALL
-- Annulled rows last, in the order they would have had, without position or cumulative amount.
SELECT
  region,
  axis,
  1000000000 + row_number() OVER (
    PARTITION BY region, axis
    ORDER BY arrival_ms, registered_ms, k_requested, k_project, k_cciaa, k_legality, token
  ) AS ord,
  NULL,
  token,
  company_name,
  strftime(make_timestamp(arrival_ms * 1000), '%Y-%m-%dT%H:%M:%S.%gZ'),
  printf('%d.%02d', requested_cents // 100, requested_cents % 100),
  NULL,
  'ANNULLATA',
  NULL
FROM members
WHERE annulled;
