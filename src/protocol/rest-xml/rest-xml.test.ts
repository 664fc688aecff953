/** @module REST-XML walkers, aws-chunked decoding and S3 addressing, on the real S3 model subset. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { s3Model } from '../../specs/s3-model.js';
import { decodeAwsChunked, ChunkFramingError } from './aws-chunked.js';
import { parseRestInput, type RestParseErrors } from './parse.js';
import { detectOperation, resolveAddress } from './s3-addressing.js';
import { serializeRestError, serializeRestOutput } from './serialize.js';
import { parseXml, XmlSyntaxError } from './xml.js';

const errors: RestParseErrors = {
  invalidValue: (name) => new Error(`invalid ${name}`),
  malformedBody: () => new Error('malformed'),
};

describe('REST-XML parse', () => {
  it('reads labels, query, headers, the x-amz-meta- prefix and a blob payload', () => {
    const input = parseRestInput(s3Model, 'PutObjectRequest', {
      labels: { Bucket: 'b', Key: 'a/b c' },
      query: new Map(),
      headers: { 'content-type': 'text/plain', 'x-amz-meta-colour': 'blue', 'content-length': '5', expires: 'Wed, 01 May 2024 12:34:56 GMT' },
      body: Buffer.from('hello'),
    }, errors);
    assert.equal(input['Bucket'], 'b');
    assert.equal(input['Key'], 'a/b c');
    assert.equal(input['ContentType'], 'text/plain');
    assert.equal(input['ContentLength'], 5);
    assert.deepEqual(input['Metadata'], { colour: 'blue' });
    assert.equal((input['Body'] as Buffer).toString(), 'hello');
  });

  it('converts query integers and booleans, and refuses bad ones', () => {
    const req = (q: Record<string, string>) => ({ labels: { Bucket: 'b' }, query: new Map(Object.entries(q)), headers: {}, body: Buffer.alloc(0) });
    const input = parseRestInput(s3Model, 'ListObjectsV2Request', req({ 'max-keys': '7', 'fetch-owner': 'true', prefix: 'p/' }), errors);
    assert.deepEqual([input['MaxKeys'], input['FetchOwner'], input['Prefix']], [7, true, 'p/']);
    assert.throws(() => parseRestInput(s3Model, 'ListObjectsV2Request', req({ 'max-keys': 'x' }), errors), /invalid max-keys/);
  });

  it('reads an XML payload with flattened lists', () => {
    const body = '<?xml version="1.0"?><CompleteMultipartUpload xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><Part><ETag>&quot;a&quot;</ETag><PartNumber>1</PartNumber></Part><Part><ETag>"b"</ETag><PartNumber>2</PartNumber></Part></CompleteMultipartUpload>';
    const input = parseRestInput(s3Model, 'CompleteMultipartUploadRequest', {
      labels: { Bucket: 'b', Key: 'k' }, query: new Map([['uploadId', 'u']]), headers: {}, body: Buffer.from(body),
    }, errors);
    assert.equal(input['UploadId'], 'u');
    assert.deepEqual(input['MultipartUpload'], { Parts: [{ ETag: '"a"', PartNumber: 1 }, { ETag: '"b"', PartNumber: 2 }] });
    assert.throws(() => parseRestInput(s3Model, 'CompleteMultipartUploadRequest', {
      labels: {}, query: new Map(), headers: {}, body: Buffer.from('<CompleteMultipartUpload><Part>'),
    }, errors), /malformed/);
  });
});

describe('REST-XML serialize', () => {
  it('puts header members in headers (RFC 7231 timestamps) and the rest under the root (ISO 8601)', () => {
    const when = new Date(Date.UTC(2024, 4, 1, 12, 34, 56));
    const head = serializeRestOutput(s3Model, s3Model.operations['HeadObject']!, { ETag: '"e"', LastModified: when, ContentLength: 5, Metadata: { a: 'b' } });
    assert.equal(head.headers['last-modified'], 'Wed, 01 May 2024 12:34:56 GMT');
    assert.equal(head.headers['etag'], '"e"');
    assert.equal(head.headers['content-length'], '5');
    assert.equal(head.headers['x-amz-meta-a'], 'b');
    const list = serializeRestOutput(s3Model, s3Model.operations['ListObjectsV2']!, {
      Name: 'b', Contents: [{ Key: 'a&b', LastModified: when, Size: 1 }, { Key: 'c', LastModified: when, Size: 2 }], CommonPrefixes: [{ Prefix: 'p/' }], IsTruncated: false,
    });
    const xml = String(list.body);
    assert.match(xml, /<Contents><Key>a&amp;b<\/Key><LastModified>2024-05-01T12:34:56.000Z<\/LastModified><Size>1<\/Size><\/Contents><Contents><Key>c<\/Key>/);
    assert.match(xml, /<CommonPrefixes><Prefix>p\/<\/Prefix><\/CommonPrefixes>/);
    assert.match(xml, /^<\?xml[^>]*>\n<ListBucketResult xmlns="http:\/\/s3.amazonaws.com\/doc\/2006-03-01\/">/);
  });

  it('wraps non-flattened lists, writes structure payloads and root-text outputs', () => {
    const buckets = serializeRestOutput(s3Model, s3Model.operations['ListBuckets']!, { Buckets: [{ Name: 'x' }], Owner: { ID: 'i' } });
    assert.match(String(buckets.body), /<ListAllMyBucketsResult[^>]*><Buckets><Bucket><Name>x<\/Name><\/Bucket><\/Buckets><Owner><ID>i<\/ID><\/Owner>/);
    const copy = serializeRestOutput(s3Model, s3Model.operations['CopyObject']!, { CopyObjectResult: { ETag: '"e"' } });
    assert.match(String(copy.body), /<CopyObjectResult xmlns="[^"]+"><ETag>&quot;e&quot;<\/ETag><\/CopyObjectResult>/);
    const loc = serializeRestOutput(s3Model, s3Model.operations['GetBucketLocation']!, { LocationConstraint: 'eu-west-1' });
    assert.match(String(loc.body), /<LocationConstraint xmlns="[^"]+">eu-west-1<\/LocationConstraint>$/);
    const east = serializeRestOutput(s3Model, s3Model.operations['GetBucketLocation']!, {});
    assert.match(String(east.body), /<LocationConstraint xmlns="[^"]+"\/>$/);
    const policy = serializeRestOutput(s3Model, s3Model.operations['GetBucketPolicy']!, { Policy: '{"a":1}' });
    assert.equal(policy.body, '{"a":1}');
  });

  it('renders the error document', () => {
    const xml = serializeRestError('NoSuchKey', 'The specified key does not exist.', { Key: 'a<b' }, 'req', 'host');
    assert.match(xml, /<Error><Code>NoSuchKey<\/Code><Message>The specified key does not exist.<\/Message><Key>a&lt;b<\/Key><RequestId>req<\/RequestId><HostId>host<\/HostId><\/Error>$/);
  });
});

describe('xml', () => {
  it('parses entities, CDATA, namespaces and refuses broken documents', () => {
    const root = parseXml('<?xml version="1.0"?><!-- c --><a:R xmlns:a="x"><K>1 &lt; 2 &#65;&#x42;</K><C><![CDATA[<raw>]]></C><E/></a:R>');
    assert.equal(root.name, 'R');
    assert.deepEqual(root.children.map((c) => [c.name, c.text]), [['K', '1 < 2 AB'], ['C', '<raw>'], ['E', '']]);
    for (const bad of ['<a>', '<a></b>', 'text', '<a/><b/>', '']) assert.throws(() => parseXml(bad), XmlSyntaxError);
  });

  // AWS: a body that is not well-formed XML is MalformedXML (400); a character reference outside XML's Char range
  // (past U+10FFFF, a surrogate, U+0000) is not well-formed, so it must raise XmlSyntaxError and never a RangeError.
  it('refuses character references outside the XML Char range as syntax errors', () => {
    assert.equal(parseXml('<a>&#x1F600;&#9;&#xFFFD;</a>').text, '\u{1F600}\t\uFFFD');
    for (const ref of ['&#99999999;', '&#x110000;', '&#xD800;', '&#0;', '&#xFFFE;', '&#x99999999999;']) {
      assert.throws(() => parseXml(`<a>${ref}</a>`), XmlSyntaxError, ref);
    }
  });
});

describe('aws-chunked', () => {
  it('decodes unsigned chunks with trailers and signed chunks', () => {
    const unsigned = decodeAwsChunked(Buffer.from('5\r\nhello\r\n0\r\nx-amz-checksum-crc32:NhCmhg==\r\n\r\n'));
    assert.equal(unsigned.data.toString(), 'hello');
    assert.deepEqual(unsigned.trailers, { 'x-amz-checksum-crc32': 'NhCmhg==' });
    const signed = decodeAwsChunked(Buffer.from('3;chunk-signature=ab\r\nhel\r\n2;chunk-signature=cd\r\nlo\r\n0;chunk-signature=ef\r\n\r\n'));
    assert.equal(signed.data.toString(), 'hello');
    for (const bad of ['5\r\nhel', 'zz\r\n', '5\r\nhelloXX0\r\n\r\n']) assert.throws(() => decodeAwsChunked(Buffer.from(bad)), ChunkFramingError);
  });
});

describe('S3 addressing', () => {
  it('takes the bucket from the host, else the path', () => {
    assert.deepEqual(resolveAddress('127.0.0.1:4566', '/b/dir/a%20b'), { bucket: 'b', key: 'dir/a b' });
    assert.deepEqual(resolveAddress('localhost:4566', '/b/'), { bucket: 'b' });
    assert.deepEqual(resolveAddress('localhost', '/b'), { bucket: 'b' });
    assert.deepEqual(resolveAddress('my.bucket.localhost:4566', '/k%2Bx'), { bucket: 'my.bucket', key: 'k+x' });
    assert.deepEqual(resolveAddress('b.s3.eu-west-1.localhost', '/k'), { bucket: 'b', key: 'k', hostRegion: 'eu-west-1' });
    assert.deepEqual(resolveAddress('b.s3.amazonaws.com', '/'), { bucket: 'b' });
    assert.deepEqual(resolveAddress('b.s3-us-west-2.amazonaws.com', '/k'), { bucket: 'b', key: 'k', hostRegion: 'us-west-2' });
    assert.deepEqual(resolveAddress('s3.us-west-2.amazonaws.com', '/b/k'), { bucket: 'b', key: 'k', hostRegion: 'us-west-2' });
    assert.deepEqual(resolveAddress('s3-logs.localhost', '/k'), { bucket: 's3-logs', key: 'k' });
    assert.deepEqual(resolveAddress('127.0.0.1', '/'), {});
  });

  it('detects operations from method, path, sub-resources and the copy source', () => {
    const d = (method: string, path: string, q: string, headers: Record<string, string> = {}) => {
      const r = detectOperation(method, resolveAddress('127.0.0.1', path), new Map(new URLSearchParams(q)), headers);
      return r.kind === 'operation' ? r.operation : r.kind;
    };
    assert.equal(d('GET', '/', ''), 'ListBuckets');
    assert.equal(d('GET', '/b', 'list-type=2'), 'ListObjectsV2');
    assert.equal(d('GET', '/b', ''), 'ListObjects');
    assert.equal(d('GET', '/b', 'location'), 'GetBucketLocation');
    assert.equal(d('GET', '/b', 'uploads'), 'ListMultipartUploads');
    assert.equal(d('PUT', '/b', 'policy'), 'PutBucketPolicy');
    assert.equal(d('POST', '/b', 'delete'), 'DeleteObjects');
    assert.equal(d('PUT', '/b/k', 'partNumber=1&uploadId=u'), 'UploadPart');
    assert.equal(d('PUT', '/b/k', '', { 'x-amz-copy-source': 'a/b' }), 'CopyObject');
    assert.equal(d('POST', '/b/k', 'uploads'), 'CreateMultipartUpload');
    assert.equal(d('POST', '/b/k', 'uploadId=u'), 'CompleteMultipartUpload');
    assert.equal(d('DELETE', '/b/k', 'uploadId=u'), 'AbortMultipartUpload');
    assert.equal(d('GET', '/b/k', 'uploadId=u'), 'ListParts');
    assert.equal(d('GET', '/b', 'tagging'), 'GetBucketTagging');
    assert.equal(d('DELETE', '/b/k', 'tagging'), 'DeleteObjectTagging');
    assert.equal(d('PUT', '/b/k', 'partNumber=1&uploadId=u', { 'x-amz-copy-source': 'a/b' }), 'UploadPartCopy');
    assert.equal(d('GET', '/b', 'inventory'), 'unserved');
    assert.equal(d('POST', '/b', 'versioning'), 'method-not-allowed');
    assert.equal(d('PATCH', '/b/k', ''), 'method-not-allowed');
  });
});
