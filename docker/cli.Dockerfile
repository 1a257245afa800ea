# syntax=docker/dockerfile:1
# The goldstone CLI for the commands that talk to a cluster (submit, watch, status, table, list, cancel, export,
# db init): the campaign Job of k8s/base runs it. `run` and `silo` train, and need the silo image.
#   docker build -f docker/cli.Dockerfile -t goldstone/cli:dev .        (from the repository root)

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
RUN dotnet restore client/Goldstone.Cli.csproj -r linux-x64
COPY contracts/ contracts/
COPY schema/ schema/
COPY files/ files/
COPY grains/ grains/
COPY silo/ silo/
COPY trainer/ trainer/
COPY client/ client/
# The CLI project references the trainer (so that a silo finds Goldstone.Trainer.dll beside it); the gateway
# commands never load libtorch, so its native libraries (about 480 MB) are left out.
RUN dotnet publish client/Goldstone.Cli.csproj -c Release -r linux-x64 --self-contained false --no-restore \
      -p:UseAppHost=false -o /app \
 && cd /app \
 && rm -f libtorch*.so* libc10*.so* libLibTorchSharp.so* libgomp-*.so* libshm.so* libaoti_custom_ops.so* \
      libbackend_with_compiler.so* libjitbackend_test.so* libnnapi_backend.so* libtorchbind_test.so*

FROM mcr.microsoft.com/dotnet/aspnet:10.0
WORKDIR /app
COPY --from=build /app ./
RUN printf '#!/bin/sh\nexec dotnet /app/goldstone.dll "$@"\n' > /usr/local/bin/goldstone \
 && chmod 755 /usr/local/bin/goldstone
USER app
ENTRYPOINT ["goldstone"]
CMD ["--help"]
