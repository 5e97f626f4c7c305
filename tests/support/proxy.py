"""nginx in front of several app processes, as docs/deploy.md ("Several app processes behind one
proxy") configures it, on 127.0.0.1 for the tests and `python -m benchmarks.scaleout`.

`sticky_http_block` is the part an operator copies (upstream, sticky cookie, websocket upgrade,
timeouts); `Nginx` wraps it in a throwaway main configuration (its own pid file, logs and
temporary folders) and runs Debian's `/usr/sbin/nginx` in the foreground. Test-only additions: the
response header `X-SMM-Upstream` (which process answered) and an access log with the upstream
and its response time.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
import time
import urllib.request
from pathlib import Path

NGINX = os.environ.get("SMM_EVAL_NGINX", "/usr/sbin/nginx")
ROUTE_COOKIE = "smm_route"


def sticky_http_block(
    upstreams: list[str],
    listen: str,
    secure: bool = False,
    debug_header: bool = False,
    server_lines: tuple[str, ...] = (),
) -> str:
    """The `http` directives of the documented deployment: one upstream per app process, chosen by
    a consistent hash of the `smm_route` cookie, which nginx sets on a browser's first response.

    Parameters
    ----------
    upstreams
        The app processes, "host:port" each.
    listen
        nginx's `listen` value, e.g. "127.0.0.1:8080".
    secure
        Whether the route cookie carries `Secure` (behind TLS: yes).
    debug_header
        Add `X-SMM-Upstream` (the process that answered) to every response: tests only, it names
        internal addresses.
    server_lines
        More directives of the `server` block (server_name, certificates), one per item.
    """
    servers = "\n".join(f"        server {u};" for u in upstreams)
    flags = "; Secure" if secure else ""
    debug = "            add_header X-SMM-Upstream $upstream_addr always;\n" if debug_header else ""
    extra = "".join(f"        {line}\n" for line in server_lines)
    return f"""    map $http_upgrade $connection_upgrade {{
        default upgrade;
        ''      close;
    }}
    # A browser without the route cookie is routed by its request's random id, and gets that id as
    # its cookie: every later request (page, websocket, upload, media, sign-in callback) follows it.
    map $cookie_{ROUTE_COOKIE} $smm_route {{
        ""      $request_id;
        default $cookie_{ROUTE_COOKIE};
    }}
    map $cookie_{ROUTE_COOKIE} $smm_route_cookie {{
        ""      "{ROUTE_COOKIE}=$request_id; Path=/; HttpOnly; SameSite=Lax{flags}";
        default "";
    }}
    upstream smm_eval {{
        hash $smm_route consistent;
{servers}
    }}
    server {{
        listen {listen};
{extra}        client_max_body_size 25m;                  # the app's upload limit (server.maxUploadSize)
        location / {{
            proxy_pass http://smm_eval;
            proxy_http_version 1.1;
            proxy_set_header Upgrade $http_upgrade;  # the websocket /_stcore/stream
            proxy_set_header Connection $connection_upgrade;
            proxy_set_header Host $host;
            proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
            proxy_set_header X-Forwarded-Proto $scheme;
            proxy_read_timeout 86400s;               # a session's websocket stays open
            proxy_send_timeout 86400s;
            add_header Set-Cookie $smm_route_cookie always;
{debug}        }}
    }}
"""


class Nginx:
    """nginx on 127.0.0.1:`port` in front of `upstreams`, with its files in a temporary folder."""

    def __init__(self, upstreams: list[str], port: int) -> None:
        self.upstreams, self.port = upstreams, port
        self.root = Path(tempfile.mkdtemp(prefix="smm-eval-nginx-"))
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def access_log(self) -> Path:
        return self.root / "access.log"

    def config(self) -> str:
        """The main configuration: foreground, files under `root`, the documented http block."""
        temp = "\n".join(
            f"    {kind}_temp_path {self.root / kind};" for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
        )
        # As root, nginx's workers would run as `nobody`, who cannot read the test's folders.
        user = "user root;\n" if os.geteuid() == 0 else ""
        block = sticky_http_block(self.upstreams, f"127.0.0.1:{self.port}", debug_header=True)
        return (
            f"{user}daemon off;\nworker_processes 1;\npid {self.root / 'nginx.pid'};\n"
            f"error_log {self.root / 'error.log'} warn;\nevents {{ worker_connections 1024; }}\n"
            "http {\n"
            "    log_format timed '$request_uri $status $upstream_addr $request_time $upstream_response_time';\n"
            f"    access_log {self.access_log} timed;\n{temp}\n{block}}}\n"
        )

    def start(self) -> Nginx:
        """Start nginx and wait until it answers (the apps behind it may still be starting)."""
        if not Path(NGINX).exists():
            raise RuntimeError(f"nginx not found at {NGINX}: install Debian's nginx (scripts/run-tests does)")
        path = self.root / "nginx.conf"
        path.write_text(self.config(), encoding="utf-8")
        log = (self.root / "stderr.log").open("wb")
        self.process = subprocess.Popen([NGINX, "-c", str(path), "-p", str(self.root)], stdout=log, stderr=log)
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(f"{self.base}/_stcore/health", timeout=2):  # noqa: S310 (loopback)
                    return self
            except OSError:
                if self.process.poll() is not None:
                    break
                time.sleep(0.1)
        self.stop()
        raise RuntimeError(f"nginx did not start; see {self.root / 'stderr.log'}")

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
        shutil.rmtree(self.root, ignore_errors=True)

    def route_keys(self) -> dict[str, str]:
        """One route cookie value per upstream ("host:port" -> value), found by asking nginx which
        process answers each candidate value: a browser given that cookie lands on that process."""
        keys: dict[str, str] = {}
        for n in range(200):
            value = f"r{n}"
            cookie = {"Cookie": f"{ROUTE_COOKIE}={value}"}
            request = urllib.request.Request(f"{self.base}/_stcore/health", headers=cookie)  # noqa: S310
            with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310 (loopback)
                keys.setdefault(response.headers["X-SMM-Upstream"], value)
            if len(keys) == len(self.upstreams):
                return keys
        raise RuntimeError(f"no route cookie reached every upstream: {keys}")
