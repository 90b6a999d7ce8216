#!/usr/bin/env python3
"""Opens N keep-alive HTTP/1.1 connections, sends one request on each, reads its answer, and holds them all open
until stdin closes. Prints 'ready <n>' once every connection got its answer, 'failed <n> <reason>' otherwise."""
import socket
import sys


def read_answer(sock):
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = sock.recv(4096)
        if not chunk:
            raise ConnectionError("closed before the headers")
        data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    length = 0
    for line in head.split(b"\r\n")[1:]:
        name, _, value = line.partition(b":")
        if name.strip().lower() == b"content-length":
            length = int(value.strip())
    while len(body) < length:
        chunk = sock.recv(4096)
        if not chunk:
            raise ConnectionError("closed in the body")
        body += chunk
    if not head.startswith(b"HTTP/1.1 200"):
        raise ConnectionError(head.split(b"\r\n")[0].decode())


def main():
    port, count = int(sys.argv[1]), int(sys.argv[2])
    request = b"GET / HTTP/1.1\r\nHost: bench\r\n\r\n"
    held = []
    try:
        for _ in range(count):
            sock = socket.create_connection(("127.0.0.1", port), timeout=10)
            sock.sendall(request)
            read_answer(sock)
            held.append(sock)
    except Exception as e:  # noqa: BLE001 - report any failure and the count reached
        print(f"failed {len(held)} {e}", flush=True)
        return 1
    print(f"ready {len(held)}", flush=True)
    sys.stdin.read()
    return 0


if __name__ == "__main__":
    sys.exit(main())
