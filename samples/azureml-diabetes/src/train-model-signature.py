"""Azure ML's "train-model-signature.py" for Modelyard: trains a diabetes classifier and logs it, with its
signature, as an MLflow model to the run's model/ folder.

    python train-model-signature.py --training_data diabetes.csv [--reg_rate 0.01]

Run as a job (see ../submit.py), it logs through the MLflow REST protocol with only the standard library (Debian
has no mlflow package): the job is an MLflow run, and Modelyard sets MLFLOW_TRACKING_URI, MLFLOW_RUN_ID,
MLFLOW_TRACKING_TOKEN (and, over a self-signed certificate, MLFLOW_TRACKING_SERVER_CERT_PATH). The run's model/
folder is then registrable as azureml://jobs/<job>/outputs/artifacts/paths/model/ with no new bytes.
Outside a job it writes ./outputs/model only. Needs numpy and scikit-learn (apt-get install python3-sklearn).
"""

import argparse
import csv
import importlib.metadata
import json
import os
import pickle
import platform
import re
import ssl
import sys
import tempfile
import time
import urllib.parse
import urllib.request
import uuid
from datetime import datetime, timezone

import numpy as np
import sklearn
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import roc_auc_score
from sklearn.model_selection import train_test_split

FEATURES = ["Pregnancies", "PlasmaGlucose", "DiastolicBloodPressure", "TricepsThickness",
            "SerumInsulin", "BMI", "DiabetesPedigree", "Age"]
LABEL = "Diabetic"
MLFLOW_FORMAT_VERSION = "2.22.2"  # the MLflow release whose model folder layout this script writes
SEED = 0


def main():
    args = parse_args()
    features, labels = read_csv(args.training_data)
    print(f"Read {len(labels)} rows from {args.training_data}", flush=True)
    x_train, x_test, y_train, y_test = train_test_split(features, labels, test_size=0.30, random_state=SEED)
    print(f"Training logistic regression with regularization rate {args.reg_rate}", flush=True)
    model = LogisticRegression(C=1 / args.reg_rate, solver="liblinear").fit(x_train, y_train)
    accuracy = float(np.average(model.predict(x_test) == y_test))
    auc = float(roc_auc_score(y_test, model.predict_proba(x_test)[:, 1]))
    print(f"Accuracy: {accuracy:.4f}", flush=True)
    print(f"AUC: {auc:.4f}", flush=True)

    tracking = MlflowRun.from_environment()
    if tracking is None:
        model_dir = os.path.join("outputs", "model")
        save_mlflow_model(model, model_dir)
        print(f"Not a run (MLFLOW_TRACKING_URI/MLFLOW_RUN_ID unset): saved the model to {model_dir}")
        return
    tracking.log_metrics({"accuracy": accuracy, "auc": auc})
    with tempfile.TemporaryDirectory() as folder:
        model_dir = os.path.join(folder, "model")
        save_mlflow_model(model, model_dir)
        for name in sorted(os.listdir(model_dir)):
            tracking.log_artifact(os.path.join(model_dir, name), "model/" + name)
    print("Logged the model with its signature to the run's model/ folder", flush=True)


class MlflowRun:
    """The few MLflow REST calls a run needs: runs/get, runs/log-batch and the artifact proxy's PUT."""

    def __init__(self, uri, run_id, token, cafile):
        self.uri = uri.rstrip("/")
        self.run_id = run_id
        self.token = token
        self.context = ssl.create_default_context(cafile=cafile) if cafile else None
        info = self.call("GET", "/api/2.0/mlflow/runs/get?run_id=" + urllib.parse.quote(run_id))["run"]["info"]
        prefix = "mlflow-artifacts:/"
        if not info["artifact_uri"].startswith(prefix):
            sys.exit(f"unexpected artifact URI {info['artifact_uri']}")
        self.artifacts = info["artifact_uri"][len(prefix):].strip("/")

    @staticmethod
    def from_environment():
        uri, run_id = os.environ.get("MLFLOW_TRACKING_URI"), os.environ.get("MLFLOW_RUN_ID")
        if not uri or not run_id:
            return None
        return MlflowRun(uri, run_id, os.environ.get("MLFLOW_TRACKING_TOKEN"),
                         os.environ.get("MLFLOW_TRACKING_SERVER_CERT_PATH"))

    def call(self, method, path, body=None, content_type="application/json"):
        request = urllib.request.Request(self.uri + path, data=body, method=method)
        if self.token:
            request.add_header("Authorization", "Bearer " + self.token)
        if body is not None:
            request.add_header("Content-Type", content_type)
        with urllib.request.urlopen(request, context=self.context, timeout=60) as response:
            text = response.read().decode("utf-8")
            return json.loads(text) if text else {}

    def log_metrics(self, metrics):
        now = int(time.time() * 1000)
        batch = {"run_id": self.run_id,
                 "metrics": [{"key": k, "value": v, "timestamp": now, "step": 0} for k, v in metrics.items()]}
        self.call("POST", "/api/2.0/mlflow/runs/log-batch", json.dumps(batch).encode("utf-8"))

    def log_artifact(self, local_file, artifact_path):
        with open(local_file, "rb") as f:
            data = f.read()
        quoted = "/".join(urllib.parse.quote(p) for p in (self.artifacts + "/" + artifact_path).split("/"))
        self.call("PUT", "/api/2.0/mlflow-artifacts/artifacts/" + quoted, data, "application/octet-stream")


def parse_args():
    parser = argparse.ArgumentParser(description="Train a diabetes classifier and log it as an MLflow model.")
    parser.add_argument("--training_data", required=True, help="CSV file with the diabetes columns")
    parser.add_argument("--reg_rate", type=positive_float, default=0.01, help="regularization rate (C = 1/reg_rate)")
    return parser.parse_args()


def positive_float(text):
    value = float(text)
    if not value > 0:
        raise argparse.ArgumentTypeError(f"must be greater than 0, got {text}")
    return value


def read_csv(path):
    """The feature matrix and the label vector; stops with a clear message on a missing column or bad value."""
    try:
        with open(path, newline="", encoding="utf-8") as f:
            reader = csv.DictReader(f)
            missing = [c for c in FEATURES + [LABEL] if c not in (reader.fieldnames or [])]
            if missing:
                sys.exit(f"{path}: missing column(s) {', '.join(missing)}")
            features, labels = [], []
            for row in reader:
                try:
                    features.append([float(row[c]) for c in FEATURES])
                    labels.append(int(row[LABEL]))
                except (TypeError, ValueError):
                    sys.exit(f"{path}, line {reader.line_num}: expected numbers, got {row}")
    except OSError as e:
        sys.exit(f"cannot read the training data: {e}")
    if not labels:
        sys.exit(f"{path}: no data rows")
    return np.array(features, dtype=np.float64), np.array(labels, dtype=np.int64)


def save_mlflow_model(model, model_dir):
    """Writes the files mlflow.sklearn.save_model writes (pickle serialization), without mlflow."""
    os.makedirs(model_dir, exist_ok=True)
    python_version = platform.python_version()
    with open(os.path.join(model_dir, "model.pkl"), "wb") as f:
        pickle.dump(model, f)

    requirements = [f"mlflow=={MLFLOW_FORMAT_VERSION}", f"numpy=={np.__version__}",
                    f"scikit-learn=={sklearn.__version__}"]
    write(model_dir, "requirements.txt", "".join(r + "\n" for r in requirements))
    write(model_dir, "conda.yaml", "".join([
        "channels:\n- conda-forge\n",
        "dependencies:\n",
        f"- python={python_version}\n",
        f"- {pinned('pip', '<=')}\n",
        "- pip:\n",
        "".join(f"  - {r}\n" for r in requirements),
        "name: mlflow-env\n"]))
    write(model_dir, "python_env.yaml", "".join([
        f"python: {python_version}\n",
        "build_dependencies:\n",
        "".join(f"- {pinned(p, '==')}\n" for p in ("pip", "setuptools", "wheel")),
        "dependencies:\n- -r requirements.txt\n"]))

    inputs = json.dumps([{"name": c, "type": "double"} for c in FEATURES])
    outputs = json.dumps([{"type": "long"}])  # predict() returns int64 class labels
    run_id = os.environ.get("MLFLOW_RUN_ID") or uuid.uuid4().hex
    created = str(datetime.now(timezone.utc).replace(tzinfo=None))  # as MLflow writes it: no zone, UTC
    # Keys sorted, as MLflow's YAML dump writes them.
    write(model_dir, "MLmodel", "".join([
        "artifact_path: model\n",
        "flavors:\n",
        "  python_function:\n",
        "    env:\n",
        "      conda: conda.yaml\n",
        "      virtualenv: python_env.yaml\n",
        "    loader_module: mlflow.sklearn\n",
        "    model_path: model.pkl\n",
        "    predict_fn: predict\n",
        f"    python_version: {python_version}\n",
        "  sklearn:\n",
        "    code: null\n",
        "    pickled_model: model.pkl\n",
        "    serialization_format: pickle\n",
        f"    sklearn_version: {sklearn.__version__}\n",
        f"mlflow_version: {MLFLOW_FORMAT_VERSION}\n",
        f"model_uuid: {uuid.uuid4().hex}\n",
        f"run_id: {yaml_scalar(run_id)}\n",
        "signature:\n",
        f"  inputs: {yaml_single_quoted(inputs)}\n",
        f"  outputs: {yaml_single_quoted(outputs)}\n",
        f"utc_time_created: {yaml_single_quoted(created)}\n"]))


def pinned(package, operator):
    """The package pinned to its installed version, as MLflow pins build tools; just the name if absent."""
    try:
        return f"{package}{operator}{importlib.metadata.version(package)}"
    except importlib.metadata.PackageNotFoundError:
        return package


def write(directory, name, text):
    with open(os.path.join(directory, name), "w", encoding="utf-8") as f:
        f.write(text)


PLAIN = re.compile(r"[A-Za-z_][A-Za-z0-9_.-]*")
YAML_WORDS = {"true", "false", "yes", "no", "on", "off", "null", "y", "n"}


def yaml_scalar(text):
    """Plain when YAML would read it back as the same string, else quoted (run_id comes from the environment)."""
    if PLAIN.fullmatch(text) and text.lower() not in YAML_WORDS:
        return text
    return json.dumps(text)  # a JSON string is a valid YAML double-quoted scalar


def yaml_single_quoted(text):
    return "'" + text.replace("'", "''") + "'"


if __name__ == "__main__":
    main()
