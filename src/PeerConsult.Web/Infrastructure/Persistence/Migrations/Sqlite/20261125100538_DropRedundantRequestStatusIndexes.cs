using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace PeerConsult.Web.Infrastructure.Persistence.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class DropRedundantRequestStatusIndexes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Requests_Status_AdminDueAt",
                table: "Requests");

            migrationBuilder.DropIndex(
                name: "IX_Requests_Status_AdminWarningAt",
                table: "Requests");

            migrationBuilder.DropIndex(
                name: "IX_Requests_Status_MotherContactDueAt",
                table: "Requests");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "IX_Requests_Status_AdminDueAt",
                table: "Requests",
                columns: new[] { "Status", "AdminDueAt" });

            migrationBuilder.CreateIndex(
                name: "IX_Requests_Status_AdminWarningAt",
                table: "Requests",
                columns: new[] { "Status", "AdminWarningAt" });

            migrationBuilder.CreateIndex(
                name: "IX_Requests_Status_MotherContactDueAt",
                table: "Requests",
                columns: new[] { "Status", "MotherContactDueAt" });
        }
    }
}
