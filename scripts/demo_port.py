"""Is the demo's port free? Run by scripts/demo before it installs anything and again before
runserver, so that a taken port gets a clear sentence instead of a traceback.

    python scripts/demo_port.py HOST PORT    exit 0 if runserver could listen there, else say so and exit 1
    python scripts/demo_port.py --free HOST  print a port that is free on HOST now

Standard library only: it runs before the virtualenv exists.
"""

import errno
import socket
import sys


def _family(host):
    return socket.AF_INET6 if ":" in host.strip("[]") else socket.AF_INET


def port_is_free(host, port):
    """Whether runserver could listen on host:port (it binds with SO_REUSEADDR, as here)."""
    host = host.strip("[]")
    with socket.socket(_family(host), socket.SOCK_STREAM) as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind((host, port))
        except OSError as error:
            if error.errno == errno.EADDRINUSE:
                return False
            raise  # not a taken port: an address not on this machine, a port needing root
    return True


def free_port(host, start=None):
    """The first free port from `start` on, or one the system picks."""
    if start is not None:
        for port in range(start, min(start + 100, 65536)):
            if port_is_free(host, port):
                return port
    host = host.strip("[]")
    with socket.socket(_family(host), socket.SOCK_STREAM) as sock:
        sock.bind((host, 0))
        return sock.getsockname()[1]


def taken_message(host, port):
    other = free_port(host, port + 1)
    return (
        f"端口 {port} 已被占用：{host}:{port} 上已有其他程序在监听，演示站点无法启动。\n"
        f"请换一个端口，例如：PORT={other} scripts/demo（或先停止占用该端口的程序）。\n"
        f"Port {port} is already in use on {host}: another program is listening there.\n"
        f"Pick another port, e.g.: PORT={other} scripts/demo (or stop the program using it)."
    )


def main(argv):
    if len(argv) == 2 and argv[0] == "--free":
        print(free_port(argv[1]))
        return 0
    if len(argv) != 2 or not argv[1].isdigit() or not 0 < int(argv[1]) < 65536:
        print(
            "PORT 应为 1 到 65535 之间的数字 / PORT must be a number between 1 and 65535"
            + (f"，收到 got: {argv[1]!r}" if len(argv) == 2 else ""),
            file=sys.stderr,
        )
        return 2
    host, port = argv[0], int(argv[1])
    try:
        free = port_is_free(host, port)
    except OSError as error:  # an unknown host name, an address not on this machine
        print(f"无法在 HOST={host} 上监听 / cannot listen on HOST={host}: {error}", file=sys.stderr)
        return 2
    if not free:
        print(taken_message(host, port), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
