"""Modelyard's Ray driver: runs one job on a Ray cluster, or reports the cluster's nodes and free resources.

    python modelyard_ray_driver.py run <spec.json>
    python modelyard_ray_driver.py status <address>

Started by Modelyard on its own node, one process per job (docs/decisions/022-jobs-on-ray.md). `run` reads the spec
(and deletes it: it holds the job's token and secrets), connects to the cluster with the job's code folder as the
Ray job's working_dir (Ray zips it into the cluster's object store; the worker unpacks it), starts one actor that
asks for the job's resources, and has it run the job's command as a subprocess in a private copy of that folder.
The job's output is copied to this process's stdout while it runs (Modelyard appends it to the job's log). When the
command ends, the actor uploads outputs/** to Modelyard's MLflow artifact proxy with the job's token, so workers
need no storage credentials. SIGTERM (cancel, timeout) stops the command and everything it started on the worker.
"""

import json
import os
import signal
import sys
import time

FAILURE_EXIT = 97


def log(message):
    sys.stdout.write("Modelyard: " + message + "\n")
    sys.stdout.flush()


def status(address):
    import ray
    ray.init(address=address, log_to_driver=False, logging_level="ERROR", include_dashboard=False)
    nodes = [{"nodeId": n.get("NodeID"), "address": n.get("NodeManagerAddress"), "alive": bool(n.get("Alive")),
              "resources": {k: v for k, v in (n.get("Resources") or {}).items() if not k.startswith("node:")}}
             for n in ray.nodes()]
    clean = lambda m: {k: v for k, v in m.items() if not k.startswith("node:")}
    print(json.dumps({"nodes": nodes, "total": clean(ray.cluster_resources()),
                      "available": clean(ray.available_resources())}))


def job_actor_class(ray):
    @ray.remote(max_concurrency=4, max_restarts=0)
    class JobActor:
        """Runs the job's command on a worker node, in a private copy of the working_dir Ray unpacked."""

        def __init__(self):
            self.process = None
            self.dir = None
            self.log_path = None
            self.stopping = False

        def where(self):
            return {"pid": os.getpid(), "node": ray.get_runtime_context().get_node_id()}

        def run(self, argv, env, local_work, marker):
            import shutil
            import subprocess
            import tempfile
            self.dir = tempfile.mkdtemp(prefix="modelyard-job-")
            work = os.path.join(self.dir, "work")
            # the unpacked working_dir is shared by every job with the same code: run in a copy of our own
            shutil.copytree(os.getcwd(), work, symlinks=True)
            os.makedirs(os.path.join(work, "outputs"), exist_ok=True)
            os.makedirs(os.path.join(self.dir, "tmp"), exist_ok=True)
            remap = lambda v: work + v[len(local_work):] if v == local_work or v.startswith(local_work + "/") else v
            env = {k: remap(v) for k, v in env.items()}
            env["HOME"] = work
            env["TMPDIR"] = os.path.join(self.dir, "tmp")
            env["MODELYARD_OUTPUTS_DIR"] = os.path.join(work, "outputs")
            argv = [remap(a) for a in argv]
            self.log_path = os.path.join(self.dir, "std_log.txt")
            with open(self.log_path, "ab", buffering=0) as out:
                try:
                    self.process = subprocess.Popen(argv, cwd=work, env=env, stdin=subprocess.DEVNULL, stdout=out,
                                                    stderr=subprocess.STDOUT, start_new_session=True)
                except OSError as e:
                    out.write(("Modelyard: could not start the command on the Ray worker: %s\n" % e.strerror).encode())
                    return {"exitCode": None, "failure": "could not start the command on the Ray worker: " + str(e.strerror)}
                code = self.process.wait()
                kill_marked(marker, 10)
                if self.stopping:
                    return {"exitCode": code, "failure": None}
                out.write(upload_outputs(os.path.join(work, "outputs"), env).encode())
            return {"exitCode": code, "failure": None}

        def read_log(self, offset, limit):
            if self.log_path is None or not os.path.exists(self.log_path):
                return b"", offset
            with open(self.log_path, "rb") as f:
                f.seek(offset)
                data = f.read(limit)
            return data, offset + len(data)

        def stop(self, grace, marker):
            """SIGTERM to the command's session and every process carrying the job's marker, SIGKILL after grace."""
            self.stopping = True
            if self.process is not None and self.process.poll() is None:
                try:
                    os.killpg(self.process.pid, signal.SIGTERM)
                except OSError:
                    pass
            signal_marked(marker, signal.SIGTERM)
            deadline = time.monotonic() + grace
            while time.monotonic() < deadline and (self.process is not None and self.process.poll() is None
                                                   or marked(marker)):
                time.sleep(0.1)
            if self.process is not None and self.process.poll() is None:
                try:
                    os.killpg(self.process.pid, signal.SIGKILL)
                except OSError:
                    pass
            return kill_marked(marker, 10)

        def cleanup(self):
            import shutil
            if self.dir:
                shutil.rmtree(self.dir, ignore_errors=True)

    return JobActor


def marked(marker):
    """Pids of processes whose environment carries MODELYARD_JOB_RUN=<marker> (what every job process inherits)."""
    entry = ("MODELYARD_JOB_RUN=" + marker).encode()
    driver = ("MODELYARD_RAY_DRIVER=" + marker).encode()
    found = []
    for name in os.listdir("/proc"):
        if not name.isdigit() or int(name) == os.getpid():
            continue
        try:
            with open("/proc/%s/environ" % name, "rb") as f:
                variables = f.read().split(b"\0")
            # the driver carries the marker too (so Modelyard's own leftover kill finds it), but is not the job's
            if entry in variables and driver not in variables:
                found.append(int(name))
        except OSError:
            pass
    return found


def signal_marked(marker, sig):
    for pid in marked(marker):
        try:
            os.kill(pid, sig)
        except OSError:
            pass


def kill_marked(marker, limit):
    """SIGKILLs marked processes until a look finds none (they may fork meanwhile); returns how many were killed."""
    killed = set()
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        pids = marked(marker)
        if not pids:
            break
        for pid in pids:
            try:
                os.kill(pid, signal.SIGKILL)
                killed.add(pid)
            except OSError:
                pass
        time.sleep(0.05)
    return len(killed)


def upload_outputs(outputs, env):
    """PUTs every regular file under outputs/ to the job's MLflow artifact tree; links are skipped. Returns log lines."""
    import urllib.error
    import urllib.parse
    import urllib.request
    base = env.get("MLFLOW_TRACKING_URI", "").rstrip("/")
    token = env.get("MLFLOW_TRACKING_TOKEN")
    run = env.get("MLFLOW_RUN_ID")
    lines = []
    stored = 0
    if not base or not token or not run:
        return "Modelyard: outputs not stored: the job has no token to reach Modelyard\n"
    for root, dirs, files in os.walk(outputs, followlinks=False):
        dirs[:] = sorted(d for d in dirs if not os.path.islink(os.path.join(root, d)))
        for name in sorted(files):
            path = os.path.join(root, name)
            rel = os.path.relpath(path, os.path.dirname(outputs)).replace(os.sep, "/")
            if os.path.islink(path) or not os.path.isfile(path):
                lines.append("Modelyard: %s not stored: it is not a regular file" % rel)
                continue
            url = "%s/api/2.0/mlflow-artifacts/artifacts/0/%s/artifacts/%s" % (
                base, urllib.parse.quote(run, safe=""), urllib.parse.quote(rel, safe="/"))
            try:
                with open(path, "rb") as body:
                    request = urllib.request.Request(url, data=body, method="PUT", headers={
                        "Authorization": "Bearer " + token, "Content-Type": "application/octet-stream",
                        "Content-Length": str(os.path.getsize(path))})
                    with urllib.request.urlopen(request, timeout=300) as response:
                        response.read()
                stored += 1
            except urllib.error.HTTPError as e:
                lines.append("Modelyard: %s not stored: HTTP %d %s" % (rel, e.code, e.read(300).decode("utf-8", "replace")))
            except (OSError, ValueError) as e:
                lines.append("Modelyard: %s not stored: %s" % (rel, e))
    lines.append("Modelyard: stored %d output file(s) from the Ray worker" % stored)
    return "\n".join(lines) + "\n"


def run(spec_path):
    with open(spec_path, encoding="utf-8") as f:
        spec = json.load(f)
    os.unlink(spec_path)  # it holds the job's token and secrets
    failure_file = spec["failureFile"]

    def fail(reason, code=FAILURE_EXIT):
        with open(failure_file, "w", encoding="utf-8") as f:
            f.write(reason)
        log(reason)
        sys.exit(code)

    import ray
    import ray.exceptions
    try:
        ray.init(address=spec["address"], log_to_driver=False, logging_level="ERROR",
                 runtime_env={"working_dir": spec["localWork"]})
    except Exception as e:  # the cluster is down or refuses the code package
        fail("could not reach the Ray cluster at %s: %s" % (spec["address"], first_line(e)))
    # after ray.init, which installs a SIGTERM handler of its own that ends the process at once
    stop = {"asked": False}
    signal.signal(signal.SIGTERM, lambda *_: stop.update(asked=True))
    signal.signal(signal.SIGINT, lambda *_: stop.update(asked=True))
    resources = spec["resources"]
    options = {"num_cpus": resources["cpus"]}
    if resources.get("memoryMb"):
        options["memory"] = int(resources["memoryMb"]) * 1024 * 1024
    if resources.get("gpus"):
        options["num_gpus"] = int(resources["gpus"])
    actor = job_actor_class(ray).options(**options).remote()
    marker = spec["marker"]
    grace = float(spec["killGraceSeconds"])

    # waits for a worker with the job's resources; a cancel meanwhile only has to drop the actor
    where = actor.where.remote()
    while True:
        ready, _ = ray.wait([where], timeout=0.2)
        if stop["asked"]:
            ray.kill(actor)
            log("canceled before a Ray worker took the job")
            sys.exit(143)
        if ready:
            break
    try:
        placed = ray.get(where)
    except ray.exceptions.RayError as e:
        fail("the Ray worker for the job could not start: %s" % first_line(e))
    log("running on Ray node %s, worker pid %d" % (placed["node"], placed["pid"]))

    result = actor.run.remote(spec["argv"], spec["env"], spec["localWork"], marker)
    offset = 0
    stopped = False
    out = sys.stdout.buffer
    while True:
        ready, _ = ray.wait([result], timeout=0.25)
        if stop["asked"] and not stopped:
            stopped = True
            try:
                killed = ray.get(actor.stop.remote(grace, marker), timeout=grace + 5)
                log("stopped the job on the Ray worker (%d leftover process(es) killed)" % killed)
            except ray.exceptions.RayError as e:
                log("the Ray worker did not confirm the stop: %s" % first_line(e))
        try:
            while True:
                chunk, offset = ray.get(actor.read_log.remote(offset, 1 << 20))
                if not chunk:
                    break
                out.write(chunk)
                out.flush()
        except ray.exceptions.RayError:
            pass  # the actor died: its end tells why
        if ready or stopped:
            break
    if stopped:
        cleanup(ray, actor)
        sys.exit(143)
    try:
        outcome = ray.get(result)
    except ray.exceptions.RayError as e:
        fail("the Ray worker running the job died: %s" % first_line(e))
    cleanup(ray, actor)
    if outcome.get("failure"):
        fail(outcome["failure"])
    code = outcome["exitCode"]
    if code < 0:
        fail("the command was killed by signal %d on the Ray worker" % -code)
    sys.exit(code if code < 256 else 1)


def cleanup(ray, actor):
    try:
        ray.get(actor.cleanup.remote(), timeout=10)
    except Exception:
        pass
    ray.kill(actor)


def first_line(e):
    text = str(e).strip()
    # an actor's death says why further down ("The actor is dead because its worker process has died. ...")
    at = text.find("The actor is dead because")
    if at >= 0:
        return " ".join(text[at:].split())[:500]
    for line in text.splitlines():
        if line.strip():
            return line.strip()[:500]
    return type(e).__name__


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "status":
        status(sys.argv[2])
    elif len(sys.argv) == 3 and sys.argv[1] == "run":
        # Ray's own messages go to a file of ours, not into the job's log
        with open(os.path.join(os.environ.get("TMPDIR", "/tmp"), "ray-driver.log"), "ab") as ray_log:
            os.dup2(ray_log.fileno(), 2)
        try:
            run(sys.argv[2])
        except Exception as e:  # a bug of ours: say so in the job's log rather than only in ray-driver.log
            import traceback
            traceback.print_exc(file=sys.stdout)
            log("the Ray driver failed: %s" % first_line(e))
            sys.exit(FAILURE_EXIT)
    else:
        sys.stderr.write(__doc__)
        sys.exit(2)
