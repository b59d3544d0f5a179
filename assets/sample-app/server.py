#!/usr/bin/env python3
"""Sample web app of cdk-ha-web-app: answers /health for the load balancer and a page for everything else.

Runs with the Python 3 of Amazon Linux 2023 and its standard library only. Its settings come from the
environment that the boot script writes to /etc/webapp/webapp.env: never from user data secrets.
"""
import json
import os
import socket
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

PORT = int(os.environ.get("APP_PORT", "8080"))
APP_NAME = os.environ.get("APP_NAME", "cdk-ha-web-app")
HEALTH_CHECK_PATH = os.environ.get("HEALTH_CHECK_PATH", "/health")


class Handler(BaseHTTPRequestHandler):
    server_version = "webapp"
    sys_version = ""

    def do_GET(self):  # noqa: N802 (http.server's naming)
        if self.path.split("?", 1)[0] == HEALTH_CHECK_PATH:
            self._send(200, "application/json", json.dumps({"status": "ok"}))
        else:
            body = (
                "<!doctype html><html><head><title>{0}</title></head>"
                "<body><h1>{0}</h1><p>Served by {1}.</p></body></html>"
            ).format(APP_NAME, socket.gethostname())
            self._send(200, "text/html; charset=utf-8", body)

    def do_HEAD(self):  # noqa: N802
        self.do_GET()

    def _send(self, status, content_type, body):
        data = body.encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(data)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(data)

    def log_message(self, fmt, *args):
        # One line per request on stdout, collected by journald.
        print("%s %s" % (self.address_string(), fmt % args), flush=True)


def main():
    server = ThreadingHTTPServer(("0.0.0.0", PORT), Handler)
    server.daemon_threads = True
    server.serve_forever()


if __name__ == "__main__":
    main()
