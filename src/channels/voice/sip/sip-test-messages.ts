/**
 * Sample messages shared by the SIP tests (and the fuzzer's seeds). Kept out of the *.test.ts
 * files because several of them use the same ones.
 */

/** Joins header lines with CRLF and ends the header section; the body follows as is. */
export function sipText(lines: readonly string[], body = ''): string {
  return `${lines.join('\r\n')}\r\n\r\n${body}`;
}

export const INVITE = sipText(
  [
    'INVITE sip:4008001234@hotline.example.cn SIP/2.0',
    'Via: SIP/2.0/UDP 192.0.2.10:5060;branch=z9hG4bK74bf9;rport',
    'Max-Forwards: 70',
    'From: "Li Lei" <sip:13800138000@trunk.example.net>;tag=9fxced76sl',
    'To: <sip:4008001234@hotline.example.cn>',
    'Call-ID: 3848276298220188511@192.0.2.10',
    'CSeq: 1 INVITE',
    'Contact: <sip:13800138000@192.0.2.10:5060>',
    'Content-Type: application/sdp',
    'Content-Length: 131',
  ],
  'v=0\r\no=- 1 1 IN IP4 192.0.2.10\r\ns=-\r\nc=IN IP4 192.0.2.10\r\nt=0 0\r\nm=audio 40000 RTP/AVP 0 8 101\r\na=rtpmap:101 telephone-event/8000\r\n',
);

export const REGISTER = sipText([
  'REGISTER sip:hotline.example.cn SIP/2.0',
  'Via: SIP/2.0/TCP 10.1.2.3:55060;branch=z9hG4bKnashds7',
  'Max-Forwards: 70',
  'From: <sip:1001@hotline.example.cn>;tag=a73kszlfl',
  'To: <sip:1001@hotline.example.cn>',
  'Call-ID: 1j9FpLxk3uxtm8tn@10.1.2.3',
  'CSeq: 1826 REGISTER',
  'Contact: <sip:1001@10.1.2.3:55060;transport=tcp>;expires=600',
  'Expires: 3600',
  'Content-Length: 0',
]);

export const OK_RESPONSE = sipText([
  'SIP/2.0 200 OK',
  'Via: SIP/2.0/UDP 192.0.2.10:5060;branch=z9hG4bK74bf9;rport=5060;received=192.0.2.10',
  'From: "Li Lei" <sip:13800138000@trunk.example.net>;tag=9fxced76sl',
  'To: <sip:4008001234@hotline.example.cn>;tag=8321234356',
  'Call-ID: 3848276298220188511@192.0.2.10',
  'CSeq: 1 INVITE',
  'Content-Length: 0',
]);

/**
 * In the spirit of RFC 4475 §3.1.1.1 "wsinv": legal but unusual everywhere at once — compact
 * and odd-cased names, folding, spacing around separators, escapes, unknown headers, a quoted
 * display name with escapes and a comma, IPv6, several Vias in one header and in two.
 */
export const TORTUOUS = sipText(
  [
    'INVITE sip:vivekg@chair-dnrc.example.com;unknownparam SIP/2.0',
    'TO :',
    ' sip:vivekg@chair-dnrc.example.com ;   tag    = 1918181833n',
    'from   : "J Rosenberg \\\\\\"" <sip:jdrosen@example.com>',
    '  ;',
    '  tag = 98asjd8',
    'MaX-fOrWaRdS: 0068',
    'Call-ID: wsinv.ndaksdj@192.0.2.1',
    'Content-Length   : 150',
    'cseq: 0009',
    '  INVITE',
    'Via  : SIP  /   2.0',
    ' /UDP',
    '    192.0.2.2;branch=390skdjuw',
    's :',
    'NewFangledHeader:   newfangled value',
    ' continued newfangled value',
    'UnknownHeaderWithUnusualValue: ;;,,;;,;',
    'Content-Type: application/sdp',
    'Route:',
    ' <sip:services.example.com;lr;unknownwith=value;unknown-no-value>',
    'v:  SIP  / 2.0  / TCP     spindle.example.com   ;',
    '  branch  =   z9hG4bK9ikj8  ,',
    ' SIP  /    2.0   / UDP  192.168.255.111   ; branch=',
    ' z9hG4bK30239',
    'm:"Quoted string \\"\\"" <sip:jdrosen@example.com> ; newparam =',
    '      newvalue ;',
    '  secondparam ; q = 0.33',
  ],
  'v=0\r\no=mhandley 29739 7272939 IN IP4 192.0.2.3\r\ns=-\r\nc=IN IP4 192.0.2.4\r\nt=0 0\r\nm=audio 49217 RTP/AVP 0 12\r\nm=video 3227 RTP/AVP 31\r\na=rtpmap:31 LPC\r\n',
);
