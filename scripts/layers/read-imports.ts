import { createRequire } from "node:module";
import type TS from "typescript";

// Loaded with require: an ESM import of the 9 MB CommonJS typescript.js first
// scans it for named exports, which tripled the lint step's start-up.
const ts = createRequire(import.meta.url)("typescript") as typeof TS;

export interface ImportRef {
  specifier: string;
  line: number;
  /** Erased at compile time: `import type`, `export type … from`, `import("…")` in a type. */
  typeOnly: boolean;
}

/**
 * Every module a TypeScript file refers to: static imports, `export … from`,
 * `import x = require(…)`, dynamic `import(…)` and `import("…")` types.
 */
export function readImports(fileName: string, text: string): ImportRef[] {
  const sf = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, false, ts.ScriptKind.TS);
  const refs: ImportRef[] = [];
  const add = (node: TS.Node, specifier: TS.Node | undefined, typeOnly: boolean): void => {
    if (!specifier || !ts.isStringLiteralLike(specifier)) return;
    const line = sf.getLineAndCharacterOfPosition(node.getStart(sf)).line + 1;
    refs.push({ specifier: specifier.text, line, typeOnly });
  };

  for (const statement of sf.statements) {
    if (ts.isImportDeclaration(statement)) {
      add(statement, statement.moduleSpecifier, isTypeOnlyImport(statement));
    } else if (ts.isExportDeclaration(statement)) {
      add(statement, statement.moduleSpecifier, isTypeOnlyExport(statement));
    } else if (
      ts.isImportEqualsDeclaration(statement) &&
      ts.isExternalModuleReference(statement.moduleReference)
    ) {
      add(statement, statement.moduleReference.expression, statement.isTypeOnly);
    }
  }

  // Walking every node is the slow part; most files have no import(…) at all.
  if (text.includes("import(")) {
    const visit = (node: TS.Node): void => {
      if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword) {
        add(node, node.arguments[0], false);
      } else if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument)) {
        add(node, node.argument.literal, true);
      }
      ts.forEachChild(node, visit);
    };
    ts.forEachChild(sf, visit);
  }
  return refs;
}

function isTypeOnlyImport(node: TS.ImportDeclaration): boolean {
  const clause = node.importClause;
  if (!clause) return false; // `import "./x.js"` runs the module
  if (clause.isTypeOnly) return true;
  const bindings = clause.namedBindings;
  return (
    !clause.name &&
    bindings !== undefined &&
    ts.isNamedImports(bindings) &&
    bindings.elements.length > 0 &&
    bindings.elements.every((e) => e.isTypeOnly)
  );
}

function isTypeOnlyExport(node: TS.ExportDeclaration): boolean {
  if (node.isTypeOnly) return true;
  const clause = node.exportClause;
  return (
    clause !== undefined &&
    ts.isNamedExports(clause) &&
    clause.elements.length > 0 &&
    clause.elements.every((e) => e.isTypeOnly)
  );
}
