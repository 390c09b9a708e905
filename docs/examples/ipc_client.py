#!/usr/bin/env python3
"""A sibling written from docs/PROTOCOL.md alone: joins the bus on PATH as INSTANCE_ID of
APPLICATION_ID, broadcasts each command-line message, then prints every message it receives
until COUNT have arrived (one line each, UTF-8) and the listener has confirmed passing on every
message it sent (then it prints "confirmed").

usage: ipc_client.py PATH APPLICATION_ID INSTANCE_ID COUNT MESSAGE...
"""
import re
import socket
import struct
import sys
import time

VERSION = 1
HELLO, WELCOME, REFUSE, JOINED, LEFT, BYE, DATA, CONFIRMED = 1, 2, 3, 4, 5, 6, 7, 8
MESSAGE = 0
# instance and application ids: 1 to 64 characters of A-Z a-z 0-9 . _ -
ID = re.compile(r"[A-Za-z0-9._-]{1,64}")


def string(value):
    data = value.encode("utf-8")
    return struct.pack(">H", len(data)) + data


def read_exactly(sock, n):
    data = bytearray()
    while len(data) < n:
        chunk = sock.recv(n - len(data))
        if not chunk:
            raise EOFError("listener closed the connection")
        data.extend(chunk)
    return bytes(data)


def send_frame(sock, body):
    sock.sendall(struct.pack(">I", len(body)) + body)


def read_frame(sock):
    (length,) = struct.unpack(">I", read_exactly(sock, 4))
    return read_exactly(sock, length)


class Reader:
    def __init__(self, body):
        self.body, self.at = body, 0

    def u8(self):
        self.at += 1
        return self.body[self.at - 1]

    def i64(self):
        self.at += 8
        return struct.unpack(">q", self.body[self.at - 8:self.at])[0]

    def string(self):
        (length,) = struct.unpack(">H", self.body[self.at:self.at + 2])
        self.at += 2 + length
        return self.body[self.at - length:self.at].decode("utf-8")

    def rest(self):
        return self.body[self.at:]


def main():
    path, application, instance, count = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
    for name, value in (("APPLICATION_ID", application), ("INSTANCE_ID", instance)):
        if not ID.fullmatch(value):
            sys.exit(name + " must be 1 to 64 characters of A-Z a-z 0-9 . _ -, not " + ascii(value))
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as sock:
        sock.settimeout(30)
        sock.connect(path)
        send_frame(sock, bytes([VERSION, HELLO]) + string(application) + bytes([VERSION]) + string(instance))
        answer = Reader(read_frame(sock))
        answer.u8()
        if answer.u8() != WELCOME:
            print("refused: " + answer.string(), flush=True)
            sys.exit(2)
        print("connected", flush=True)
        # sequences grow across runs too: members drop a message whose sequence is not above the last
        first = time.time_ns() // 1000
        last = first - 1
        for last, message in enumerate(sys.argv[5:], start=first):
            send_frame(sock, bytes([VERSION, DATA, MESSAGE]) + string(instance) + string("")
                       + struct.pack(">qq", last, 0) + string("") + message.encode("utf-8"))
        received, confirmed = 0, last < first
        if confirmed:
            print("confirmed", flush=True)
        while received < count or not confirmed:
            frame = Reader(read_frame(sock))
            frame.u8()
            kind = frame.u8()
            if kind == CONFIRMED:
                # the listener passed on every message of ours up to this sequence
                if not confirmed and frame.i64() >= last:
                    confirmed = True
                    print("confirmed", flush=True)
                continue
            if kind != DATA:
                continue  # Joined, Left and Bye frames tell about the members
            frame.u8()
            frame.string()  # origin
            frame.string()  # target
            frame.i64()  # sequence
            frame.i64()  # correlation
            frame.string()  # type
            print(frame.rest().decode("utf-8"), flush=True)
            received += 1
        send_frame(sock, bytes([VERSION, BYE]))


if __name__ == "__main__":
    main()
