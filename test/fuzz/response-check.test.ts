/** @module Unit tests of the fuzzer's response checks: the XML 1.0 well-formedness check, JSON, and error shapes. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { errorShapeProblem, jsonProblem, xmlProblem } from './response-check.js';

const ok = (s: string | Buffer) => assert.equal(xmlProblem(Buffer.isBuffer(s) ? s : Buffer.from(s, 'utf8')), undefined, String(s));
const bad = (s: string | Buffer, why: RegExp) => assert.match(xmlProblem(Buffer.isBuffer(s) ? s : Buffer.from(s, 'utf8')) ?? '(accepted)', why, String(s));

describe('xmlProblem', () => {
  it('accepts AWS-shaped documents with declarations, attributes, references, CDATA and comments', () => {
    ok('<?xml version="1.0" encoding="UTF-8"?>\n<Response><Errors><Error><Code>X</Code><Message>a &lt;b&gt; &amp; &#233; &#x1F600;</Message></Error></Errors></Response>');
    ok('<a xmlns="urn:x" b=\'1\' c="&quot;"><b/><![CDATA[<not markup>]]><!-- c --><?pi x?></a>\n');
    ok('\uFEFF<a>\u{1F600} \t\r\n</a>');
  });

  it('refuses what an XML 1.0 parser refuses', () => {
    bad('<a>\u0001</a>', /illegal XML character U\+0001/);
    bad('<a>\uFFFE</a>', /U\+FFFE/);
    bad('<a>&#0;</a>', /illegal character reference/);
    bad('<a>&#xFFFF;</a>', /illegal character reference/);
    bad('<a>&#xD800;</a>', /illegal character reference/);
    bad('<a>&nbsp;</a>', /undeclared entity/);
    bad('<a>&amp</a>', /unterminated reference/);
    bad('<a><b></a></b>', /does not match/);
    bad('<a>', /unclosed/);
    bad('<a></a><b></b>', /second root/);
    bad('text<a/>', /outside the root/);
    bad('<!DOCTYPE a><a/>', /DOCTYPE/);
    bad('<a b="1" b="2"/>', /duplicate attribute/);
    bad('<a b=1/>', /unquoted/);
    bad('<a b="<"/>', /'<' in an attribute/);
    bad('<a>]]></a>', /']]>'/);
    bad('', /no root/);
    bad(Buffer.from([0x3c, 0x61, 0x3e, 0xed, 0xa0, 0x80, 0x3c, 0x2f, 0x61, 0x3e]), /UTF-8/);
    bad(Buffer.from([0x3c, 0x61, 0x3e, 0xff, 0x3c, 0x2f, 0x61, 0x3e]), /UTF-8/);
    bad('<a/><?xml version="1.0"?>', /declaration not at the start/);
  });
});

describe('jsonProblem and errorShapeProblem', () => {
  it('JSON must parse from strict UTF-8', () => {
    assert.equal(jsonProblem(Buffer.from('{"a":"\\ud800"}')), undefined);
    assert.match(jsonProblem(Buffer.from('{"a":')) ?? '', /invalid JSON/);
    assert.match(jsonProblem(Buffer.from([0x22, 0xff, 0x22])) ?? '', /UTF-8/);
  });

  it('each protocol names its error code (and message)', () => {
    assert.equal(errorShapeProblem('ec2', Buffer.from('<Response><Errors><Error><Code>A</Code><Message>m</Message></Error></Errors></Response>')), undefined);
    assert.equal(errorShapeProblem('query', Buffer.from('<ErrorResponse xmlns="x"><Error><Type>Sender</Type><Code>A</Code><Message>m</Message></Error></ErrorResponse>')), undefined);
    assert.equal(errorShapeProblem('rest-xml', Buffer.from('<?xml version="1.0"?><Error><Code>NoSuchKey</Code><Message>m</Message></Error>')), undefined);
    assert.equal(errorShapeProblem('json', Buffer.from('{"__type":"com.amazonaws.dynamodb.v20120810#UnknownOperationException"}')), undefined);
    assert.match(errorShapeProblem('ec2', Buffer.from('<Error><Code>A</Code></Error>')) ?? '', /not an EC2/);
    assert.match(errorShapeProblem('rest-xml', Buffer.from('<Error><Message>m</Message></Error>')) ?? '', /without Code/);
    assert.match(errorShapeProblem('json', Buffer.from('{"message":"m"}')) ?? '', /__type/);
    assert.match(errorShapeProblem('json', Buffer.from('{"__type":"X","message":null}')) ?? '', /non-text/);
  });
});
