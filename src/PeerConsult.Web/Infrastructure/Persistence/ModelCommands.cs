using System.Data.Common;
using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;

namespace PeerConsult.Web.Infrastructure.Persistence;

/// <summary>
/// What <see cref="MultiRowInsert"/> and <see cref="VersionCheckedUpdate"/> share: a command on the context's connection
/// and transaction with its command timeout, and parameters made by each column's own type mapping (its value
/// converter included), so the values are the ones EF's update pipeline would send.
/// </summary>
internal static class ModelCommands
{
    /// <summary>A command in the context's current transaction (if any), with the context's command timeout.</summary>
    public static DbCommand Create(DbContext db)
    {
        var command = db.Database.GetDbConnection().CreateCommand();
        command.Transaction = db.Database.CurrentTransaction?.GetDbTransaction();
        if (db.Database.GetCommandTimeout() is { } timeout)
        {
            command.CommandTimeout = timeout;
        }

        return command;
    }

    /// <summary>Adds the next positional parameter (<c>p0</c>, <c>p1</c>, …) for a value of <paramref name="column"/>.</summary>
    public static void AddParameter(DbCommand command, ISqlGenerationHelper sql, IColumnMapping column, object? value)
    {
        var name = sql.GenerateParameterName(ParameterName(command.Parameters.Count));
        command.Parameters.Add(column.TypeMapping.CreateParameter(command, name, value, column.Column.IsNullable));
    }

    /// <summary>
    /// PostgreSQL: the next positional parameter as an array of <paramref name="column"/>'s values (for <c>unnest</c>),
    /// each converted as the column's type mapping converts a single value, typed as an array of the column's store type.
    /// </summary>
    public static NpgsqlParameter ArrayParameter(ISqlGenerationHelper sql, int index, IColumnMapping column, IEnumerable<object?> values)
    {
        var mapping = column.TypeMapping;
        var converter = mapping.Converter;
        var provided = values.Select(v => v is null || converter is null ? v : converter.ConvertToProvider(v)).ToList();
        var element = converter?.ProviderClrType ?? mapping.ClrType;
        element = Nullable.GetUnderlyingType(element) ?? element;
        if (element.IsValueType && (column.Column.IsNullable || provided.Contains(null)))
        {
            element = typeof(Nullable<>).MakeGenericType(element);
        }

        var array = Array.CreateInstance(element, provided.Count);
        for (var i = 0; i < provided.Count; i++)
        {
            array.SetValue(provided[i], i);
        }

        // "character varying(200)" → "character varying[]": the length is checked when INSERT assigns the value.
        var storeType = column.Column.StoreType;
        var facets = storeType.IndexOf('(', StringComparison.Ordinal);
        return new NpgsqlParameter
        {
            ParameterName = sql.GenerateParameterName(ParameterName(index)),
            DataTypeName = (facets < 0 ? storeType : storeType[..facets].TrimEnd()) + "[]",
            Value = array,
        };
    }

    /// <summary>The placeholder of the parameter at <paramref name="index"/> in a statement's text.</summary>
    public static string Placeholder(ISqlGenerationHelper sql, int index) => sql.GenerateParameterNamePlaceholder(ParameterName(index));

    /// <summary>Appends <c>unnest(@p0, @p1, …)</c> over the first <paramref name="arrays"/> parameters (PostgreSQL).</summary>
    public static System.Text.StringBuilder AppendUnnest(System.Text.StringBuilder text, ISqlGenerationHelper sql, int arrays)
    {
        ArgumentNullException.ThrowIfNull(text);
        return text.Append("unnest(").AppendJoin(", ", Enumerable.Range(0, arrays).Select(i => Placeholder(sql, i))).Append(')');
    }

    /// <summary>Appends <c>(@p0, @p1, …), (…)</c>: <paramref name="rows"/> rows of <paramref name="columns"/> placeholders, numbered in order.</summary>
    public static System.Text.StringBuilder AppendValueRows(System.Text.StringBuilder text, ISqlGenerationHelper sql, int rows, int columns)
    {
        ArgumentNullException.ThrowIfNull(text);
        var index = 0;
        for (var row = 0; row < rows; row++)
        {
            text.Append(row == 0 ? "(" : ", (");
            for (var col = 0; col < columns; col++)
            {
                text.Append(col == 0 ? "" : ", ").Append(Placeholder(sql, index++));
            }

            text.Append(')');
        }

        return text;
    }

    private static string ParameterName(int index) => "p" + index.ToString(CultureInfo.InvariantCulture);
}
