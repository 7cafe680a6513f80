"""The reference side of the conformance test: Google's protobuf for Python
(json_format over a descriptor pool built from a FileDescriptorSet).

Usage: reference.py DESCRIPTOR_SET MESSAGE_TYPE
Reads one JSON request per line on stdin and writes one JSON answer per line:
  {"parse": TEXT, "ours": BASE64|null}  -> {"ok": bool, "error": str, "bytes": BASE64,
                                            "json": TEXT, "jsonDefaults": TEXT, "oursSame": bool}
  {"reparse": [TEXT, ...], "bytes": BASE64} -> {"same": [bool, ...], "errors": [str, ...]}
"bytes" are the deterministic serialization. Two messages are the same when
their bytes are, or else when the reference prints them alike (keys sorted,
-0.0 apart from 0.0): deterministic serialization does not reach inside an
Any, whose Struct or map entries may be in any order. A line that cannot be handled at all is answered {"crash": str}.
"""
import base64
import json
import sys

from google.protobuf import descriptor_pb2, descriptor_pool, json_format, message_factory


def load(set_path, type_name):
    files = descriptor_pb2.FileDescriptorSet.FromString(open(set_path, 'rb').read())
    pool = descriptor_pool.DescriptorPool()
    for f in files.file:
        pool.Add(f)
    return message_factory.MessageFactory(pool).GetPrototype(pool.FindMessageTypeByName(type_name)), pool


def b64(data):
    return base64.b64encode(data).decode('ascii')


def main():
    cls, pool = load(sys.argv[1], sys.argv[2])

    def same(a, b):
        if a.SerializeToString(deterministic=True) == b.SerializeToString(deterministic=True):
            return True
        try:
            return printed(a) == printed(b)
        except Exception:
            return False

    def printed(m):
        text = json_format.MessageToJson(m, indent=None, descriptor_pool=pool)
        return json.dumps(json.loads(text), sort_keys=True)

    def parse(request):
        try:
            m = json_format.Parse(request['parse'], cls(), descriptor_pool=pool)
        except Exception as e:  # json_format.ParseError, and ValueError/RecursionError from json
            return {'ok': False, 'error': '%s: %s' % (type(e).__name__, e)}
        out = {'ok': True, 'bytes': b64(m.SerializeToString(deterministic=True))}
        try:
            out['json'] = json_format.MessageToJson(m, indent=None, descriptor_pool=pool)
            out['jsonDefaults'] = json_format.MessageToJson(
                m, including_default_value_fields=True, indent=None, descriptor_pool=pool)
        except Exception as e:  # a message the JSON mapping cannot print (e.g. Value holding NaN)
            out['printError'] = '%s: %s' % (type(e).__name__, e)
        if request.get('ours') is not None:
            try:
                out['oursSame'] = same(cls.FromString(base64.b64decode(request['ours'])), m)
            except Exception as e:
                out['oursSame'] = False
                out['oursError'] = '%s: %s' % (type(e).__name__, e)
        return out

    def reparse(request):
        want = cls.FromString(base64.b64decode(request['bytes']))
        results, errors = [], []
        for text in request['reparse']:
            try:
                m = json_format.Parse(text, cls(), descriptor_pool=pool)
                results.append(same(m, want))
                errors.append('')
            except Exception as e:
                results.append(False)
                errors.append('%s: %s' % (type(e).__name__, e))
        return {'same': results, 'errors': errors}

    for line in sys.stdin:
        try:
            request = json.loads(line)
            answer = parse(request) if 'parse' in request else reparse(request)
        except Exception as e:
            answer = {'crash': '%s: %s' % (type(e).__name__, e)}
        sys.stdout.write(json.dumps(answer) + '\n')
        sys.stdout.flush()


if __name__ == '__main__':
    main()
