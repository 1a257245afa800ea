# syntax=docker/dockerfile:1
# The Goldstone silo, CPU build: goldstone.dll (whose `silo` command runs a silo) with Goldstone.Trainer.dll, the
# trainer process it starts for each worker slot, and TorchSharp-cpu's libtorch beside them.
#   docker build -f docker/silo.Dockerfile -t goldstone/silo:dev .        (from the repository root)
#
# libLibTorchSharp.so needs GLIBCXX_3.4.32. On Debian 12 (libstdc++ 3.4.30) the trainer marks that one version
# requirement weak on its own copy at first load (trainer/Native/LibTorchNativeFix.cs). The .NET 10 images are
# Ubuntu 24.04, whose libstdc++ (GCC 14) defines the version, so the trainer finds nothing to patch here and the
# application directory can stay read-only.

FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
# The project files first, so that a change in the sources does not download the packages again.
COPY .editorconfig Directory.Build.props Directory.Packages.props ./
COPY contracts/Goldstone.Contracts.csproj contracts/
COPY schema/Goldstone.Schema.csproj schema/
COPY files/Goldstone.Files.csproj files/
COPY grains/Goldstone.Grains.csproj grains/
COPY silo/Goldstone.Silo.csproj silo/
COPY trainer/Goldstone.Trainer.csproj trainer/
COPY client/Goldstone.Cli.csproj client/
RUN dotnet restore client/Goldstone.Cli.csproj -r linux-x64
COPY contracts/ contracts/
COPY schema/ schema/
COPY files/ files/
COPY grains/ grains/
COPY silo/ silo/
COPY trainer/ trainer/
COPY client/ client/
RUN dotnet publish client/Goldstone.Cli.csproj -c Release -r linux-x64 --self-contained false --no-restore \
      -p:UseAppHost=false -o /app

# ASP.NET Core's runtime: the silo serves /healthz, /readyz and /metrics with Kestrel.
FROM mcr.microsoft.com/dotnet/aspnet:10.0
WORKDIR /app
COPY --from=build /app ./
# `goldstone …` on the PATH, for the init container and for `kubectl exec`.
RUN printf '#!/bin/sh\nexec dotnet /app/goldstone.dll "$@"\n' > /usr/local/bin/goldstone \
 && chmod 755 /usr/local/bin/goldstone \
 && mkdir -p /var/lib/goldstone/data /var/lib/goldstone/checkpoints \
 && chown -R app:app /var/lib/goldstone
ENV Goldstone__DataDir=/var/lib/goldstone/data
# The `app` user (UID 1654) of the .NET images; the Kubernetes manifests run as it too.
USER app
EXPOSE 11111 30000 8080
ENTRYPOINT ["goldstone"]
CMD ["silo"]
