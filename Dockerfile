# Multi-stage build of the one deployable. Not built in this repository's CI (its machines run no Docker engine);
# the same `dotnet publish` runs in every test run's build step.
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
COPY global.json Directory.Build.props Directory.Packages.props BannedSymbols.txt .editorconfig ./
COPY src/PeerConsult.Domain/PeerConsult.Domain.csproj src/PeerConsult.Domain/
COPY src/PeerConsult.Web/PeerConsult.Web.csproj src/PeerConsult.Web/
RUN dotnet restore src/PeerConsult.Web/PeerConsult.Web.csproj
COPY src/ src/
RUN dotnet publish src/PeerConsult.Web/PeerConsult.Web.csproj -c Release -o /app --no-restore

FROM mcr.microsoft.com/dotnet/aspnet:10.0
WORKDIR /app
COPY --from=build /app .
ENV ASPNETCORE_URLS=http://+:8080 \
    Urls=http://+:8080 \
    Database__Provider=Postgres
EXPOSE 8080
USER app
ENTRYPOINT ["dotnet", "PeerConsult.Web.dll"]
