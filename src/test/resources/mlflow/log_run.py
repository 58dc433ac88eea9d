"""A training script as MLflow's own client would behave, spoken in MLflow's REST protocol with urllib only
(the mlflow package is not installable here). It attaches to the run its job is (MLFLOW_RUN_ID), logs params
and 50 metric steps, and uploads a model folder to the run's model/ path through the artifact proxy."""
import base64
import json
import os
import urllib.request

uri = os.environ["MLFLOW_TRACKING_URI"].rstrip("/")
run_id = os.environ["MLFLOW_RUN_ID"]
auth = base64.b64encode((os.environ["MLFLOW_TRACKING_USERNAME"] + ":" + os.environ["MLFLOW_TRACKING_PASSWORD"]).encode()).decode()


def call(method, path, body=None, data=None, content_type="application/json"):
    payload = data if data is not None else (json.dumps(body).encode() if body is not None else None)
    request = urllib.request.Request(uri + path, data=payload, method=method,
                                     headers={"Authorization": "Basic " + auth, "Content-Type": content_type})
    with urllib.request.urlopen(request) as response:
        text = response.read().decode()
        return json.loads(text) if text else {}


run = call("GET", "/api/2.0/mlflow/runs/get?run_id=" + run_id)["run"]
print("attached to run", run["info"]["run_id"], "in experiment", os.environ["MLFLOW_EXPERIMENT_NAME"])
call("POST", "/api/2.0/mlflow/runs/log-batch", {"run_id": run_id, "params": [
    {"key": "alpha", "value": "0.5"}, {"key": "epochs", "value": "50"}]})
metrics = [{"key": "loss", "value": 1.0 / (step + 1), "timestamp": 1700000000000 + step, "step": step} for step in range(50)]
call("POST", "/api/2.0/mlflow/runs/log-batch", {"run_id": run_id, "metrics": metrics})

artifact_root = run["info"]["artifact_uri"]  # mlflow-artifacts:/<experiment>/<run>/artifacts
assert artifact_root.startswith("mlflow-artifacts:/"), artifact_root
proxy = "/api/2.0/mlflow-artifacts/artifacts/" + artifact_root[len("mlflow-artifacts:/"):]
files = {
    "model/MLmodel": b"artifact_path: model\nflavors:\n  python_function:\n    loader_module: mlflow.sklearn\n",
    "model/model.pkl": ("weights trained by the MLflow protocol " * 50).encode(),
}
for path, content in files.items():
    call("PUT", proxy + "/" + path, data=content, content_type="application/octet-stream")
listing = call("GET", "/api/2.0/mlflow-artifacts/artifacts?path=" + proxy.split("/artifacts/", 1)[1] + "/model")
print("logged", sorted(f["path"] for f in listing["files"]))
