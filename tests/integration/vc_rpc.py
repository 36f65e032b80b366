"""vc_rpc: a small JSON-RPC 2.0 client for the Unix sockets of vc-manager
and vc-dataplane (one compact JSON object per line, docs/manager-protocol.md),
for the tests and benchmarks that send many requests on one connection,
where a vc-dpctl process per request would measure process start-up.

    from vc_rpc import Client
    manager = Client(path)
    answer = manager.request("profile.add", {"name": "P1"})  # the whole answer
    result = manager.call("domain.show")                       # result, or RpcError
"""
import json
import socket


class RpcError(Exception):
    """An error answer: .code and .message as the server sent them."""

    def __init__(self, method, error):
        super().__init__(f"{method}: {error.get('message')} ({error.get('code')})")
        self.code = error.get("code")
        self.message = error.get("message")


class Client:
    def __init__(self, path):
        self.socket = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self.socket.connect(path)
        self.reader = self.socket.makefile("rb")
        self.next_id = 0

    def raw(self, line):
        """Send one line of bytes as it is; the answer (a dict). Raises
        ConnectionError when the server closes the connection."""
        self.socket.sendall(line + b"\n")
        answer = self.reader.readline()
        if not answer:
            raise ConnectionError("the server closed the connection")
        return json.loads(answer)

    def request(self, method, params=None):
        """One request; the whole answer (with "result" or "error")."""
        self.next_id += 1
        message = {"jsonrpc": "2.0", "id": self.next_id, "method": method}
        if params is not None:
            message["params"] = params
        return self.raw(json.dumps(message).encode())

    def call(self, method, params=None):
        """One request; its result, or RpcError for an error answer."""
        answer = self.request(method, params)
        if "error" in answer:
            raise RpcError(method, answer["error"])
        return answer["result"]
