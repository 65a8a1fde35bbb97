using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.EntityFrameworkCore.Migrations.Operations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Infrastructure.Internal;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata.Internal;
using Npgsql.EntityFrameworkCore.PostgreSQL.Migrations;

namespace PeerConsult.Web.Infrastructure.Persistence;

/// <summary>
/// PostgreSQL exclusion constraints as part of the model, so migrations generate them (and drop them) like any index:
/// an entity annotation <c>PeerConsult:Exclusion:&lt;name&gt;</c> whose value is the constraint's definition
/// (<c>EXCLUDE USING gist (...) WHERE (...)</c>). EF Core and Npgsql have no such concept; two small provider
/// services carry the annotation from the model to the table (<see cref="PostgresAnnotationProvider"/>) and from
/// the migration to SQL (<see cref="PostgresMigrationsSqlGenerator"/>). See ADR 0011.
/// </summary>
public static class ExclusionConstraints
{
    public const string AnnotationPrefix = "PeerConsult:Exclusion:";

    public static EntityTypeBuilder<T> HasExclusionConstraint<T>(this EntityTypeBuilder<T> entity, string name, string definition)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(entity);
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        if (!definition.StartsWith("EXCLUDE ", StringComparison.Ordinal))
        {
            throw new ArgumentException("An exclusion constraint's definition starts with 'EXCLUDE '.", nameof(definition));
        }

        entity.HasAnnotation(AnnotationPrefix + name, definition);
        return entity;
    }

    /// <summary>The exclusion constraints among annotations: constraint name → definition.</summary>
    public static Dictionary<string, string> In(IEnumerable<IAnnotation> annotations) =>
        annotations.Where(a => a.Name.StartsWith(AnnotationPrefix, StringComparison.Ordinal) && a.Value is string)
            .ToDictionary(a => a.Name[AnnotationPrefix.Length..], a => (string)a.Value!, StringComparer.Ordinal);
}

// EF1001: Npgsql's annotation provider and the options its SQL generator needs live in ".Internal" namespaces, and
// there is no public extension point for table-level DDL. Subclassing them is the documented way to extend a
// provider's migrations; a breaking change there fails this build, and ExclusionConstraintTests check the result
// on a real server.
#pragma warning disable EF1001

/// <summary>Npgsql's table annotations plus this model's exclusion constraints, so the migrations differ sees them.</summary>
public sealed class PostgresAnnotationProvider(RelationalAnnotationProviderDependencies dependencies) : NpgsqlAnnotationProvider(dependencies)
{
    public override IEnumerable<IAnnotation> For(ITable table, bool designTime)
    {
        foreach (var annotation in base.For(table, designTime))
        {
            yield return annotation;
        }

        if (!designTime)
        {
            yield break;
        }

        foreach (var annotation in table.EntityTypeMappings.SelectMany(m => m.TypeBase.GetAnnotations())
            .Where(a => a.Name.StartsWith(ExclusionConstraints.AnnotationPrefix, StringComparison.Ordinal))
            .DistinctBy(a => a.Name))
        {
            yield return annotation;
        }
    }
}

/// <summary>Npgsql's SQL plus ADD/DROP CONSTRAINT for exclusion constraints that appear, change or disappear.</summary>
public sealed class PostgresMigrationsSqlGenerator(MigrationsSqlGeneratorDependencies dependencies, INpgsqlSingletonOptions npgsqlOptions)
    : NpgsqlMigrationsSqlGenerator(dependencies, npgsqlOptions)
{
    protected override void Generate(CreateTableOperation operation, IModel? model, MigrationCommandListBuilder builder, bool terminate = true)
    {
        ArgumentNullException.ThrowIfNull(operation);
        base.Generate(operation, model, builder, terminate);
        var added = ExclusionConstraints.In(operation.GetAnnotations());
        if (added.Count > 0 && !terminate)
        {
            throw new InvalidOperationException($"Table {operation.Name}: exclusion constraints need a terminated CREATE TABLE.");
        }

        foreach (var (name, definition) in added)
        {
            AddConstraint(operation.Name, operation.Schema, name, definition, builder);
        }
    }

    protected override void Generate(AlterTableOperation operation, IModel? model, MigrationCommandListBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(operation);
        ArgumentNullException.ThrowIfNull(builder);
        base.Generate(operation, model, builder);
        var before = ExclusionConstraints.In(operation.OldTable.GetAnnotations());
        var after = ExclusionConstraints.In(operation.GetAnnotations());
        foreach (var (name, definition) in before)
        {
            if (!after.TryGetValue(name, out var now) || now != definition)
            {
                builder.Append("ALTER TABLE ").Append(Table(operation.Name, operation.Schema))
                    .Append(" DROP CONSTRAINT ").Append(Dependencies.SqlGenerationHelper.DelimitIdentifier(name))
                    .AppendLine(Dependencies.SqlGenerationHelper.StatementTerminator);
                EndStatement(builder);
            }
        }

        foreach (var (name, definition) in after)
        {
            if (!before.TryGetValue(name, out var was) || was != definition)
            {
                AddConstraint(operation.Name, operation.Schema, name, definition, builder);
            }
        }
    }

    private void AddConstraint(string table, string? schema, string name, string definition, MigrationCommandListBuilder builder)
    {
        builder.Append("ALTER TABLE ").Append(Table(table, schema))
            .Append(" ADD CONSTRAINT ").Append(Dependencies.SqlGenerationHelper.DelimitIdentifier(name))
            .Append(" ").Append(definition)
            .AppendLine(Dependencies.SqlGenerationHelper.StatementTerminator);
        EndStatement(builder);
    }

    private string Table(string name, string? schema) => Dependencies.SqlGenerationHelper.DelimitIdentifier(name, schema);
}
#pragma warning restore EF1001
