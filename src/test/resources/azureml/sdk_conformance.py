"""Azure ML SDK conformance: the Azure ML docs' two snippets, verbatim, against Modelyard.

Only the MLClient construction differs from the docs (a credential returning a Modelyard token; azure-ai-ml 1.4.0
reads the server's address from AZUREML_DEV_URL_MFE). Run by AzureMlSdkConformanceTest with the working folder
holding ./src (samples/azureml-diabetes/src), PYTHONPATH holding the pydash stand-in and REQUESTS_CA_BUNDLE the
server's CA. Prints RESULT lines the Java test checks; exits non-zero with a message on the first failed check.
"""

import json
import os
import sys
import time

from azure.core.credentials import AccessToken
from azure.core.exceptions import ResourceNotFoundError
from azure.ai.ml import MLClient, command
from azure.ai.ml.entities import Model
from azure.ai.ml.constants import AssetTypes


class ModelyardTokenCredential:
    """An Azure credential that returns a Modelyard access token: the SDK sends it as its bearer token."""

    def get_token(self, *scopes, **kwargs):
        return AccessToken(os.environ["MODELYARD_TOKEN"], int(time.time()) + 3600)


def check(condition, message):
    if not condition:
        print("CHECK FAILED: " + message, flush=True)
        sys.exit(1)


def result(key, value):
    print("RESULT " + json.dumps({key: value}), flush=True)


ml_client = MLClient(ModelyardTokenCredential(), subscription_id="00000000-0000-0000-0000-000000000000",
                     resource_group_name="modelyard", workspace_name=os.environ["MODELYARD_WORKSPACE"])

# --- the docs' first snippet, verbatim -------------------------------------------------------------------------
job = command(code="./src", command="python train-model-signature.py --training_data diabetes.csv",
              environment="AzureML-sklearn-0.24-ubuntu18.04-py37-cpu@latest", compute="aml-cluster",
              display_name="diabetes-train-signature", experiment_name="diabetes-training")
returned_job = ml_client.create_or_update(job)
print("Monitor your job at", returned_job.studio_url)
# ---------------------------------------------------------------------------------------------------------------
result("job", returned_job.name)
result("studio_url", returned_job.studio_url)

ml_client.jobs.stream(returned_job.name)
job_name = returned_job.name
check(ml_client.jobs.get(job_name).status == "Completed", "the job is Completed after stream")

# --- the docs' second snippet, verbatim ------------------------------------------------------------------------
run_model = Model(path=f"azureml://jobs/{job_name}/outputs/artifacts/paths/model/", name="mlflow-diabetes",
                  description="Model created from run.", type=AssetTypes.MLFLOW_MODEL)
ml_client.models.create_or_update(run_model)
# ---------------------------------------------------------------------------------------------------------------
second = ml_client.models.create_or_update(run_model)
result("second_version", second.version)
check(second.version == "2", "a second registration gives version 2, got " + str(second.version))

v1 = ml_client.models.get("mlflow-diabetes", "1")
check(v1.version == "1" and v1.description == "Model created from run.", "models.get returns version 1 as registered")
check(v1.type == AssetTypes.MLFLOW_MODEL, "version 1 is an MLflow model, got " + str(v1.type))
check(v1.job_name == job_name, "version 1 names its job, got " + str(v1.job_name))
check("python_function" in (v1.flavors or {}) and "sklearn" in (v1.flavors or {}),
      "version 1 carries the MLmodel's flavors, got " + str(v1.flavors))
latest = ml_client.models.get("mlflow-diabetes", label="latest")
check(latest.version == "2", "the latest label is version 2, got " + str(latest.version))
versions = [m.version for m in ml_client.models.list(name="mlflow-diabetes")]
check(sorted(versions) == ["1", "2"], "models.list(name) gives versions 1 and 2, got " + str(versions))
containers = [m.name for m in ml_client.models.list()]
check("mlflow-diabetes" in containers, "models.list() holds mlflow-diabetes, got " + str(containers))
jobs = [j.name for j in ml_client.jobs.list()]
check(job_name in jobs, "jobs.list() holds the job, got " + str(jobs))
try:
    ml_client.models.get("mlflow-diabetes", "99")
    check(False, "an unknown version raises ResourceNotFoundError")
except ResourceNotFoundError:
    pass

# the same folder again: the SDK finds it uploaded (blob metadata) and uploads nothing
again = ml_client.create_or_update(command(code="./src", command="python -c \"print('again')\"",
                                           environment="AzureML-sklearn-0.24-ubuntu18.04-py37-cpu@latest",
                                           compute="aml-cluster", display_name="same-folder-again",
                                           experiment_name="diabetes-training"))
result("again", again.name)
ml_client.jobs.stream(again.name)
result("versions", versions)

# a failing job: stream prints its log and raises, as on Azure
failing = ml_client.create_or_update(command(code="./src", command="python -c \"import sys; print('going down'); sys.exit(3)\"",
                                             environment="AzureML-sklearn-0.24-ubuntu18.04-py37-cpu@latest",
                                             compute="aml-cluster", experiment_name="diabetes-training"))
try:
    ml_client.jobs.stream(failing.name)
    check(False, "jobs.stream raises when the job fails")
except Exception as e:  # azure-ai-ml raises its JobException
    result("failed_stream", type(e).__name__)
check(ml_client.jobs.get(failing.name).status == "Failed", "the failing job is Failed")
print("CONFORMANCE OK", flush=True)
