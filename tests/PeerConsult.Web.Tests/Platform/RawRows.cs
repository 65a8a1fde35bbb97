using System.Data.Common;
using System.Globalization;
using Microsoft.EntityFrameworkCore;
using PeerConsult.Web.Infrastructure.Persistence;

namespace PeerConsult.Web.Tests.Platform;

/// <summary>
/// A table's rows exactly as stored, read past EF: each cell as "column=stored type:value" (instants in round-trip
/// form), so two ways of writing the same rows can be compared column for column.
/// </summary>
internal static class RawRows
{
    public static async Task<List<string>> ReadAsync(AppDbContext db, string table, string orderBy = "\"Id\"", DbTransaction? transaction = null)
    {
        var connection = db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync();
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = $"SELECT * FROM \"{table}\" ORDER BY {orderBy}";
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<string>();
        while (await reader.ReadAsync())
        {
            var cells = Enumerable.Range(0, reader.FieldCount).Select(i =>
            {
                var value = reader.GetValue(i);
                var text = value is DateTime instant ? instant.ToString("O", CultureInfo.InvariantCulture) : Convert.ToString(value, CultureInfo.InvariantCulture);
                return $"{reader.GetName(i)}={value.GetType().Name}:{text}";
            });
            rows.Add(string.Join("|", cells));
        }

        return rows;
    }
}
