#!/usr/bin/env bash
# Builds the Api, Worker and Gateway images with the .NET SDK's container support (deploy/Containers.props):
#   scripts/build-images.sh                      # into the local Docker/Podman engine, tagged agentplatform-*:$TAG
#   REGISTRY=ghcr.io/me PUSH=true scripts/build-images.sh   # pushed to a registry (log in first, or set REGISTRY_USER/PASSWORD)
#   ARCHIVE=out/ scripts/build-images.sh         # as OCI tarballs in out/, no engine needed (still needs the base image's registry)
set -euo pipefail
cd "$(dirname "$0")/.."
TAG="${TAG:-latest}"
args=(-c Release --os linux --arch "${ARCH:-x64}" /t:PublishContainer "-p:ContainerImageTags=$TAG")
if [[ "${PUSH:-false}" == "true" ]]; then
  : "${REGISTRY:?set REGISTRY to push}"
  args+=("-p:ContainerRegistry=$REGISTRY")
  if [[ -n "${REGISTRY_USER:-}" ]]; then
    export DOTNET_CONTAINER_REGISTRY_UNAME="$REGISTRY_USER" DOTNET_CONTAINER_REGISTRY_PWORD="${REGISTRY_PASSWORD:?}"
  fi
elif [[ -n "${ARCHIVE:-}" ]]; then
  mkdir -p "$ARCHIVE"
  args+=("-p:ContainerArchiveOutputPath=$(cd "$ARCHIVE" && pwd)/")
fi
for project in AgentPlatform.Api AgentPlatform.Worker AgentPlatform.Gateway; do
  dotnet publish "$project/$project.csproj" "${args[@]}"
done
