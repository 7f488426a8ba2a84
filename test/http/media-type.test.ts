import { isJsonMediaType } from '../../shared/http/media-type';

/**
 * A JSON route reads a body as JSON when its content type is JSON by RFC 8259 §11 (`application/json`)
 * or RFC 6839 §3.1 (a `+json` structured suffix), parameters allowed (RFC 6838 §4.3). Look-alikes
 * that a prefix match took for JSON are other formats: `application/json-seq` (RFC 7464) is a record
 * stream with RS separators, `application/jsonl`, `application/json5` are not JSON texts.
 */
describe('isJsonMediaType', () => {
  it.each<readonly [string, boolean]>([
    'application/json',
    'Application/JSON',
    'application/json; charset=utf-8',
    'application/json;charset="UTF-8"',
    '  application/json ; charset=utf-8',
    'application/merge-patch+json',
    'application/problem+json; charset=utf-8',
    'application/vnd.api+json',
    'application/ld+JSON',
  ].map((contentType) => [contentType, true] as readonly [string, boolean]).concat([
    'application/json-seq',
    'application/jsonl',
    'application/json5',
    'application/json-patch+json-seq',
    'application/x-json-stream',
    'application/jsonx',
    'application/json+xml',
    'application/+json',
    'application/ json',
    'application/json/x',
    'application/json, text/plain',
    'text/json',
    'text/plain',
    'application/x-www-form-urlencoded',
    'multipart/form-data; boundary=x',
    'json',
    '',
  ].map((contentType) => [contentType, false] as readonly [string, boolean])))('%j is JSON: %s', (contentType, json) => {
    expect(isJsonMediaType(contentType)).toBe(json);
  });
});
