using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace AgentPlatform.Core.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class McpElicitation : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "elicitation",
                table: "sessions",
                type: "jsonb",
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "elicitation",
                table: "sessions");
        }
    }
}
