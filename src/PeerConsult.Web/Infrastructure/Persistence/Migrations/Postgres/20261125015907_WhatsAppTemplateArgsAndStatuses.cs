using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace PeerConsult.Web.Infrastructure.Persistence.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class WhatsAppTemplateArgsAndStatuses : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "ProviderMessageId",
                table: "OutboxMessages",
                type: "character varying(200)",
                maxLength: 200,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "ProviderStatus",
                table: "OutboxMessages",
                type: "character varying(16)",
                maxLength: 16,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "TemplateArgs",
                table: "OutboxMessages",
                type: "character varying(4000)",
                maxLength: 4000,
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "IX_OutboxMessages_ProviderMessageId",
                table: "OutboxMessages",
                column: "ProviderMessageId");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_OutboxMessages_ProviderMessageId",
                table: "OutboxMessages");

            migrationBuilder.DropColumn(
                name: "ProviderMessageId",
                table: "OutboxMessages");

            migrationBuilder.DropColumn(
                name: "ProviderStatus",
                table: "OutboxMessages");

            migrationBuilder.DropColumn(
                name: "TemplateArgs",
                table: "OutboxMessages");
        }
    }
}
