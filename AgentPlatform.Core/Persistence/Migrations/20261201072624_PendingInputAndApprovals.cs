using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace AgentPlatform.Core.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class PendingInputAndApprovals : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "approvals",
                table: "sessions",
                type: "jsonb",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "pending_input",
                table: "sessions",
                type: "jsonb",
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "approvals",
                table: "sessions");

            migrationBuilder.DropColumn(
                name: "pending_input",
                table: "sessions");
        }
    }
}
