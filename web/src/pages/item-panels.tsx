/**
 * @module The capture's provenance (R3; Berkeley Protocol ¶155(g); SWGDE 21-F-001 §7.5) and the
 * structured post a site profile extracted. Every field is shown; known ones first with a label.
 */
import type { ReactElement } from 'react';
import { utc } from '../components/format.js';
import { DataTree, Maybe, UserText } from '../components/user-text.js';

type Record_ = Record<string, unknown>;

const isRecord = (value: unknown): value is Record_ =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** The provenance fields in the order a court expert reads them, with their labels. */
const PROVENANCE_FIELDS: readonly (readonly [string, string])[] = [
  ['requestedUrl', 'Requested URL'],
  ['finalUrl', 'Final URL'],
  ['status', 'HTTP status'],
  ['redirectChain', 'Redirect chain'],
  ['startedAt', 'Capture started (UTC)'],
  ['endedAt', 'Capture ended (UTC)'],
  ['timeZone', 'Local time zone of the collecting machine'],
  ['utcOffsetMinutes', 'UTC offset (minutes)'],
  ['clock', 'Clock source'],
  ['collector', 'Operator'],
  ['persona', 'Persona'],
  ['legalBasisRef', 'Legal basis'],
  ['tool', 'Tool and version'],
  ['browser', 'Browser'],
  ['userAgent', 'User agent'],
  ['viewport', 'Viewport'],
  ['host', 'Collecting machine'],
  ['proxy', 'Proxy'],
  ['serverIps', 'Server IP addresses'],
  ['responseHeaders', 'Response headers'],
  ['tlsNote', 'TLS'],
  ['tls', 'TLS certificates'],
  ['tlsErrorsIgnoredForSpki', 'Certificate errors ignored for keys'],
  ['dnsPinning', 'DNS pinning'],
  ['allowHosts', 'Allowed hosts'],
  ['resources', 'Resources recorded'],
  ['scroll', 'Scrolling'],
  ['limits', 'Limits'],
  ['limitsHit', 'Limits hit'],
  ['refused', 'Requests refused by policy'],
  ['policyViolations', 'Policy violations'],
  ['failed', 'Failed requests'],
  ['profile', 'Site profile'],
  ['schema', 'Record schema'],
];

const TIMES = new Set(['startedAt', 'endedAt']);

function ProvenanceValue(props: { name: string; value: unknown }): ReactElement {
  const { name, value } = props;
  if (TIMES.has(name) && typeof value === 'string')
    return <time dateTime={value}>{utc(value)}</time>;
  if (name === 'tool' && isRecord(value))
    return <UserText value={`${String(value.name)}@${String(value.version)}`} />;
  if (name === 'browser' && isRecord(value))
    return (
      <>
        <UserText value={`${String(value.name)} ${String(value.version)}`} />
        <details>
          <summary>path and arguments</summary>
          <DataTree value={{ path: value.path, args: value.args }} />
        </details>
      </>
    );
  if (name === 'viewport' && isRecord(value))
    return <UserText value={`${String(value.width)} × ${String(value.height)}`} />;
  if (typeof value === 'object' && value !== null) return <DataTree value={value} />;
  return <Maybe value={value} />;
}

export function ProvenancePanel(props: { provenance: unknown }): ReactElement | null {
  if (!isRecord(props.provenance)) return null;
  const provenance = props.provenance;
  const known = new Set(PROVENANCE_FIELDS.map(([name]) => name));
  const others = Object.keys(provenance).filter((name) => !known.has(name));
  return (
    <section className="panel provenance" aria-labelledby="provenance">
      <h2 id="provenance">Provenance</h2>
      <dl className="facts">
        {PROVENANCE_FIELDS.filter(([name]) => name in provenance).map(([name, label]) => (
          <div key={name} className="fact" data-field={name}>
            <dt>{label}</dt>
            <dd>
              <ProvenanceValue name={name} value={provenance[name]} />
            </dd>
          </div>
        ))}
        {others.map((name) => (
          <div key={name} className="fact" data-field={name}>
            <dt>
              <UserText value={name} />
            </dt>
            <dd>
              <ProvenanceValue name={name} value={provenance[name]} />
            </dd>
          </div>
        ))}
      </dl>
    </section>
  );
}

/** The post as the site profile read it: fields, counts, media, replies, and where each came from. */
export function StructuredPanel(props: { structured: unknown }): ReactElement | null {
  if (!isRecord(props.structured)) return null;
  const { fields, counts, media, replies, sources, profile, removed } = props.structured;
  return (
    <section className="panel structured" aria-labelledby="structured">
      <h2 id="structured">Post</h2>
      {removed === true ? (
        <p className="notice">The page showed the platform&apos;s “removed” marker.</p>
      ) : null}
      {isRecord(fields) ? (
        <dl className="facts">
          {Object.entries(fields).map(([name, value]) => (
            <div key={name} className="fact" data-field={name}>
              <dt>
                <UserText value={name} />
              </dt>
              <dd className={name === 'text' ? 'prose' : undefined}>
                <UserText value={value} />
                {isRecord(sources) && typeof sources[name] === 'string' ? (
                  <span className="source" title="where the profile found it">
                    <UserText value={sources[name]} />
                  </span>
                ) : null}
              </dd>
            </div>
          ))}
        </dl>
      ) : null}
      {isRecord(counts) && Object.keys(counts).length > 0 ? (
        <>
          <h3>Counts</h3>
          <DataTree value={counts} />
        </>
      ) : null}
      {Array.isArray(media) && media.length > 0 ? (
        <>
          <h3>Media</h3>
          <DataTree value={media} />
        </>
      ) : null}
      {Array.isArray(replies) && replies.length > 0 ? (
        <>
          <h3>Replies</h3>
          <DataTree value={replies} />
        </>
      ) : null}
      {isRecord(profile) ? (
        <p className="fine-print">
          Site profile <UserText value={profile.id} /> version <UserText value={profile.version} />
        </p>
      ) : null}
    </section>
  );
}
