using System.Data.Common;
using System.Globalization;

namespace Reassess.Leads;

/// <summary>Chunked reads for the leads engine: ids written inline (they are numbers), text values as parameters.</summary>
internal static class LeadSql
{
    private const int IdChunk = 2000;
    private const int ValueChunk = 500;

    /// <summary>Runs <paramref name="sqlWithInList"/> (<c>{0}</c> is the id list) over <paramref name="ids"/> in chunks.</summary>
    public static async Task QueryIdsAsync(DbConnection connection, DbTransaction? transaction, string sqlWithInList, IEnumerable<long> ids,
        Action<DbDataReader> row, CancellationToken cancellationToken)
    {
        foreach (var chunk in ids.Distinct().Order().Chunk(IdChunk))
        {
            await using var cmd = connection.CreateCommand();
            cmd.Transaction = transaction;
            cmd.CommandText = string.Format(CultureInfo.InvariantCulture, sqlWithInList, string.Join(',', chunk.Select(i => i.ToString(CultureInfo.InvariantCulture))));
            await using var r = await cmd.ExecuteReaderAsync(cancellationToken);
            while (await r.ReadAsync(cancellationToken)) row(r);
        }
    }

    /// <summary>Runs <paramref name="sqlWithInList"/> (<c>{0}</c> is a list of parameters) over <paramref name="values"/> in chunks.</summary>
    public static async Task QueryValuesAsync(DbConnection connection, DbTransaction? transaction, string sqlWithInList, IEnumerable<string> values,
        Action<DbDataReader> row, CancellationToken cancellationToken)
    {
        foreach (var chunk in values.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).Chunk(ValueChunk))
        {
            await using var cmd = connection.CreateCommand();
            cmd.Transaction = transaction;
            var names = new string[chunk.Length];
            for (var i = 0; i < chunk.Length; i++)
            {
                var p = cmd.CreateParameter();
                p.ParameterName = names[i] = "@v" + i.ToString(CultureInfo.InvariantCulture);
                p.Value = chunk[i];
                cmd.Parameters.Add(p);
            }
            cmd.CommandText = string.Format(CultureInfo.InvariantCulture, sqlWithInList, string.Join(',', names));
            await using var r = await cmd.ExecuteReaderAsync(cancellationToken);
            while (await r.ReadAsync(cancellationToken)) row(r);
        }
    }

    public static string? Text(DbDataReader r, int i) => r.IsDBNull(i) ? null : r.GetString(i);

    public static DateOnly? Date(DbDataReader r, int i) => r.IsDBNull(i) ? null : r.GetFieldValue<DateOnly>(i);

    public static bool? Bool(DbDataReader r, int i) => r.IsDBNull(i) ? null : r.GetBoolean(i);
}
