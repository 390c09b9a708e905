#!/usr/bin/env python3
"""A sibling written from docs/PROTOCOL.md alone: connects to the listener on PATH, sends each
command-line message as one frame, then prints every frame it receives until COUNT have
arrived (one line each, UTF-8).

usage: ipc_client.py PATH COUNT MESSAGE...
"""
import socket
import struct
import sys


def read_exactly(sock, n):
    data = bytearray()
    while len(data) < n:
        chunk = sock.recv(n - len(data))
        if not chunk:
            raise EOFError("listener closed the connection")
        data.extend(chunk)
    return bytes(data)


def main():
    path, count, messages = sys.argv[1], int(sys.argv[2]), sys.argv[3:]
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as sock:
        sock.settimeout(30)
        sock.connect(path)
        print("connected", flush=True)
        for message in messages:
            payload = message.encode("utf-8")
            sock.sendall(struct.pack(">I", len(payload)) + payload)
        for _ in range(count):
            (length,) = struct.unpack(">I", read_exactly(sock, 4))
            print(read_exactly(sock, length).decode("utf-8"), flush=True)


if __name__ == "__main__":
    main()
