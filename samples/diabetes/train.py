"""Trains a diabetes classifier and saves it as an MLflow-format model folder.

    python train.py --training_data diabetes.csv [--reg_rate 0.01]

Needs only the Python standard library, numpy and scikit-learn (on Debian: apt-get install python3-sklearn).
There is no mlflow package here: the model folder is written by hand in the layout MLflow 2.22 uses for
mlflow.sklearn.save_model, so MLflow-aware tools (and Modelyard) can read it.
Outputs go to $MODELYARD_OUTPUTS_DIR (./outputs when unset): model/ and metrics.json.
"""

import argparse
import csv
import importlib.metadata
import json
import os
import pickle
import platform
import re
import sys
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
    print(f"Read {len(labels)} rows from {args.training_data}")

    x_train, x_test, y_train, y_test = train_test_split(
        features, labels, test_size=0.30, random_state=SEED)
    print(f"Training logistic regression with regularization rate {args.reg_rate}")
    model = LogisticRegression(C=1 / args.reg_rate, solver="liblinear").fit(x_train, y_train)

    accuracy = float(np.average(model.predict(x_test) == y_test))
    auc = float(roc_auc_score(y_test, model.predict_proba(x_test)[:, 1]))
    print(f"Accuracy: {accuracy:.4f}")
    print(f"AUC: {auc:.4f}")

    outputs = os.environ.get("MODELYARD_OUTPUTS_DIR") or "outputs"
    model_dir = os.path.join(outputs, "model")
    save_mlflow_model(model, model_dir)
    with open(os.path.join(outputs, "metrics.json"), "w", encoding="utf-8") as f:
        json.dump({"accuracy": accuracy, "auc": auc}, f, indent=2)
        f.write("\n")
    # relative to the working folder: the log is shown to everyone who can see the job
    print(f"Saved the model to {os.path.relpath(model_dir)}")


def parse_args():
    parser = argparse.ArgumentParser(description="Train a diabetes classifier.")
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
    run_id = os.environ.get("MODELYARD_JOB_NAME") or uuid.uuid4().hex
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
