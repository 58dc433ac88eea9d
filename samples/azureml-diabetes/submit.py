"""The Azure ML docs' code against Modelyard: submit the training job, stream it, register its model.

    export AZUREML_DEV_URL_MFE=https://127.0.0.1:8080/      # Modelyard, started with MODELYARD_TLS_MODE=self-signed
    export REQUESTS_CA_BUNDLE=/path/to/data/tls/ca.pem      # the CA Modelyard logs at start
    export MODELYARD_TOKEN=...                              # a contributor's token (Tokens page)
    export MODELYARD_WORKSPACE=default                      # needs a compute target named aml-cluster
    python3 submit.py                                       # from this folder (code="./src")

azure-ai-ml 1.4.0 (Debian's python3-azure) also needs pydash on PYTHONPATH: Modelyard's test resources hold a
stand-in (src/test/resources/azureml). With current SDKs, pass cloud= and cloud_metadata= instead of
AZUREML_DEV_URL_MFE (see the README, "Use the Azure ML Python SDK").
"""

import os
import time

from azure.core.credentials import AccessToken
from azure.ai.ml import MLClient, command
from azure.ai.ml.entities import Model
from azure.ai.ml.constants import AssetTypes


class ModelyardTokenCredential:
    def get_token(self, *scopes, **kwargs):
        return AccessToken(os.environ["MODELYARD_TOKEN"], int(time.time()) + 3600)


ml_client = MLClient(ModelyardTokenCredential(), subscription_id="00000000-0000-0000-0000-000000000000",
                     resource_group_name="modelyard", workspace_name=os.environ.get("MODELYARD_WORKSPACE", "default"))

# From here on, the Azure ML documentation's code, unchanged.
job = command(code="./src", command="python train-model-signature.py --training_data diabetes.csv",
              environment="AzureML-sklearn-0.24-ubuntu18.04-py37-cpu@latest", compute="aml-cluster",
              display_name="diabetes-train-signature", experiment_name="diabetes-training")
returned_job = ml_client.create_or_update(job)
print("Monitor your job at", returned_job.studio_url)
ml_client.jobs.stream(returned_job.name)
job_name = returned_job.name

run_model = Model(path=f"azureml://jobs/{job_name}/outputs/artifacts/paths/model/", name="mlflow-diabetes",
                  description="Model created from run.", type=AssetTypes.MLFLOW_MODEL)
registered = ml_client.models.create_or_update(run_model)
print("Registered", registered.name, "version", registered.version)
