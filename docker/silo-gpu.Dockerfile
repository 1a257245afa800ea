# syntax=docker/dockerfile:1
# The Goldstone silo, GPU build: the same application as docker/silo.Dockerfile with TorchSharp-cuda-linux
# (libtorch 2.10 for CUDA 12.8, which carries its own CUDA and cuDNN libraries) instead of TorchSharp-cpu.
#   docker build -f docker/silo-gpu.Dockerfile -t goldstone/silo-gpu:dev .        (from the repository root)
# Nodes need an NVIDIA driver for CUDA 12.8 (570 or later) and the NVIDIA container toolkit.
#
# The base is NVIDIA's CUDA runtime image on Ubuntu 24.04: its libstdc++ (GCC 14) defines GLIBCXX_3.4.32, which
# libLibTorchSharp.so needs, so no weak-version patch is needed (on Debian 12 the trainer has to mark that
# requirement weak at first load; trainer/Native/LibTorchNativeFix.cs) and the application directory can stay
# read-only.
ARG CUDA_IMAGE=nvidia/cuda:12.8.1-runtime-ubuntu24.04

FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
COPY .editorconfig Directory.Build.props Directory.Packages.props ./
COPY contracts/Goldstone.Contracts.csproj contracts/
COPY schema/Goldstone.Schema.csproj schema/
COPY files/Goldstone.Files.csproj files/
COPY grains/Goldstone.Grains.csproj grains/
COPY silo/Goldstone.Silo.csproj silo/
COPY trainer/Goldstone.Trainer.csproj trainer/
COPY client/Goldstone.Cli.csproj client/
RUN dotnet restore client/Goldstone.Cli.csproj -r linux-x64 -p:TorchBackend=TorchSharp-cuda-linux
COPY contracts/ contracts/
COPY schema/ schema/
COPY files/ files/
COPY grains/ grains/
COPY silo/ silo/
COPY trainer/ trainer/
COPY client/ client/
RUN dotnet publish client/Goldstone.Cli.csproj -c Release -r linux-x64 --self-contained false --no-restore \
      -p:TorchBackend=TorchSharp-cuda-linux -p:UseAppHost=false -o /app

# The .NET 10 images are Ubuntu 24.04 too: their runtime runs unchanged on the CUDA image.
FROM mcr.microsoft.com/dotnet/aspnet:10.0 AS dotnet

FROM ${CUDA_IMAGE}
# What .NET needs from the system (the list of its runtime-deps image, less ICU: Goldstone runs with invariant
# globalization, Directory.Build.props).
RUN apt-get update \
 && apt-get install -y --no-install-recommends ca-certificates libgcc-s1 libssl3t64 libstdc++6 tzdata zlib1g \
 && rm -rf /var/lib/apt/lists/*
COPY --from=dotnet /usr/share/dotnet /usr/share/dotnet
RUN ln -s /usr/share/dotnet/dotnet /usr/bin/dotnet
ENV DOTNET_ROOT=/usr/share/dotnet \
    Goldstone__DataDir=/var/lib/goldstone/data
WORKDIR /app
COPY --from=build /app ./
# The `app` user of the .NET images (UID 1654), so that both images run under the manifests' securityContext.
RUN groupadd --gid 1654 app \
 && useradd --uid 1654 --gid 1654 --no-create-home --shell /usr/sbin/nologin app \
 && printf '#!/bin/sh\nexec dotnet /app/goldstone.dll "$@"\n' > /usr/local/bin/goldstone \
 && chmod 755 /usr/local/bin/goldstone \
 && mkdir -p /var/lib/goldstone/data /var/lib/goldstone/checkpoints \
 && chown -R app:app /var/lib/goldstone
USER app
EXPOSE 11111 30000 8080
ENTRYPOINT ["goldstone"]
CMD ["silo"]
