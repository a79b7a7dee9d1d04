// ast_printer.cpp: S-expression rendering of the Zexus AST (ast_printer.hpp).
#include "trellis/zexus/ast_printer.hpp"

namespace trellis::zexus {
namespace {

class Printer {
public:
    std::string out;

    void node(const Node* n) {
        if (!n) {
            out += "nil";
            return;
        }
        switch (n->kind) {
            case NodeKind::IntLit: out += n->as<IntLit>()->digits; return;
            case NodeKind::FloatLit: out += n->as<FloatLit>()->text; return;
            case NodeKind::StringLit: quoted(n->as<StringLit>()->value); return;
            case NodeKind::BoolLit: out += n->as<BoolLit>()->value ? "true" : "false"; return;
            case NodeKind::NullLit: out += "null"; return;
            case NodeKind::Ident: out += n->as<Ident>()->name; return;
            case NodeKind::InterpString: open("interp"); items(n->as<InterpString>()->parts); close(); return;
            case NodeKind::ListLit: open("list"); items(n->as<ListLit>()->items); close(); return;
            case NodeKind::MapLit: {
                auto* m = n->as<MapLit>();
                open("map");
                pairs(m->keys, m->values);
                close();
                return;
            }
            case NodeKind::Unary: {
                auto* u = n->as<Unary>();
                open(u->op == UnaryOp::Neg ? "-" : "!");
                item(u->operand);
                close();
                return;
            }
            case NodeKind::Binary: {
                auto* b = n->as<Binary>();
                open(binary_op_text(b->op));
                item(b->lhs);
                item(b->rhs);
                close();
                return;
            }
            case NodeKind::Ternary: {
                auto* t = n->as<Ternary>();
                open("?:");
                item(t->cond);
                item(t->then_value);
                item(t->else_value);
                close();
                return;
            }
            case NodeKind::Assign: {
                auto* a = n->as<Assign>();
                static constexpr std::string_view ops[] = {"=", "+=", "-=", "*=", "/=", "%=", "**="};
                open(ops[static_cast<int>(a->op)]);
                item(a->target);
                item(a->value);
                close();
                return;
            }
            case NodeKind::Call: {
                auto* c = n->as<Call>();
                open("call");
                item(c->callee);
                items(c->args);
                close();
                return;
            }
            case NodeKind::Index: {
                auto* i = n->as<Index>();
                open("index");
                item(i->object);
                item(i->index);
                close();
                return;
            }
            case NodeKind::Member: {
                auto* m = n->as<Member>();
                open(".");
                item(m->object);
                word(m->name);
                close();
                return;
            }
            case NodeKind::Function: function(n->as<Function>()); return;
            case NodeKind::IfExpr: {
                auto* i = n->as<IfExpr>();
                open("if-expr");
                item(i->cond);
                item(i->then_value);
                item(i->else_value);
                close();
                return;
            }
            case NodeKind::Construct: {
                auto* c = n->as<Construct>();
                open("construct");
                word(c->type_name);
                pairs(c->keys, c->values);
                close();
                return;
            }
            case NodeKind::Await: open("await"); item(n->as<Await>()->operand); close(); return;
            case NodeKind::Block: open("block"); items(n->as<Block>()->stmts); close(); return;
            case NodeKind::ExprStmt: node(n->as<ExprStmt>()->expr); return;
            case NodeKind::Let: {
                auto* l = n->as<Let>();
                open(l->is_const ? "const" : "let");
                typed(l->name, l->type);
                if (l->tolerant) word(":tolerant");
                if (l->value) item(l->value);
                close();
                return;
            }
            case NodeKind::Return: {
                open("return");
                if (auto* v = n->as<Return>()->value) item(v);
                close();
                return;
            }
            case NodeKind::If: {
                auto* i = n->as<If>();
                open("if");
                for (size_t k = 0; k < i->conds.size(); ++k) {
                    if (k > 0) word("elif");
                    item(i->conds[k]);
                    item(i->blocks[k]);
                }
                if (i->else_block) {
                    word("else");
                    item(i->else_block);
                }
                close();
                return;
            }
            case NodeKind::While: {
                auto* w = n->as<While>();
                open("while");
                item(w->cond);
                item(w->body);
                close();
                return;
            }
            case NodeKind::ForEach: {
                auto* f = n->as<ForEach>();
                open("for-each");
                out += " (";
                if (!f->index.empty()) {
                    out += f->index;
                    out += ' ';
                }
                out += f->item;
                out += ')';
                item(f->iterable);
                item(f->body);
                close();
                return;
            }
            case NodeKind::Break: out += "(break)"; return;
            case NodeKind::Continue: out += "(continue)"; return;
            case NodeKind::Match: {
                auto* m = n->as<Match>();
                open("match");
                if (m->expression) word(":expr");
                item(m->subject);
                items(m->cases);
                close();
                return;
            }
            case NodeKind::Case: {
                auto* c = n->as<Case>();
                open(c->pattern ? "case" : "default");
                if (c->pattern) item(c->pattern);
                if (c->guard) {
                    word("where");
                    item(c->guard);
                }
                item(c->body);
                close();
                return;
            }
            case NodeKind::Try: {
                auto* t = n->as<Try>();
                open("try");
                item(t->body);
                if (t->catch_body) {
                    out += " (catch";
                    if (!t->catch_name.empty()) word(t->catch_name);
                    item(t->catch_body);
                    out += ')';
                }
                if (t->finally_body) {
                    out += " (finally";
                    item(t->finally_body);
                    out += ')';
                }
                close();
                return;
            }
            case NodeKind::Throw: open("throw"); item(n->as<Throw>()->value); close(); return;
            case NodeKind::Guard: {
                auto* g = n->as<Guard>();
                open(g->guard == GuardKind::Require ? "require" : g->guard == GuardKind::Revert ? "revert" : "assert");
                items(g->args);
                close();
                return;
            }
            case NodeKind::Print: open("print"); items(n->as<Print>()->args); close(); return;
            case NodeKind::Debug: open("debug"); items(n->as<Debug>()->args); close(); return;
            case NodeKind::Use: {
                auto* u = n->as<Use>();
                open(u->is_import ? "import" : "use");
                out += ' ';
                quoted(u->path);
                if (!u->alias.empty()) {
                    word("as");
                    word(u->alias);
                }
                if (!u->names.empty()) {
                    out += " (names";
                    for (auto name : u->names) word(name);
                    out += ')';
                }
                close();
                return;
            }
            case NodeKind::Export: {
                auto* e = n->as<Export>();
                open("export");
                for (auto name : e->names) word(name);
                if (e->decl) item(e->decl);
                close();
                return;
            }
            case NodeKind::TypeDecl: {
                auto* t = n->as<TypeDecl>();
                open(t->decl == TypeDeclKind::Entity ? "entity" : t->decl == TypeDeclKind::Data ? "data" : "event");
                for (auto m : t->modifiers) word(m);
                word(t->name);
                if (!t->type_params.empty()) {
                    out += '<';
                    for (size_t k = 0; k < t->type_params.size(); ++k) {
                        if (k) out += ',';
                        out += t->type_params[k];
                    }
                    out += '>';
                }
                if (!t->base.empty()) {
                    word("extends");
                    word(t->base);
                }
                out += " (fields";
                for (const Field& f : t->fields) {
                    out += ' ';
                    param(f.name, f.type, f.default_value);
                }
                out += ')';
                if (!t->methods.empty()) {
                    out += " (methods";
                    items(t->methods);
                    out += ')';
                }
                close();
                return;
            }
            case NodeKind::Contract: {
                auto* c = n->as<Contract>();
                open("contract");
                word(c->name);
                items(c->members);
                close();
                return;
            }
            case NodeKind::StateDecl: {
                auto* s = n->as<StateDecl>();
                static constexpr std::string_view heads[] = {"state", "ledger", "storage", "persistent-storage"};
                open(heads[static_cast<int>(s->state)]);
                typed(s->name, s->type);
                if (s->value) item(s->value);
                close();
                return;
            }
            case NodeKind::Emit: open("emit"); item(n->as<Emit>()->event); close(); return;
            case NodeKind::Defer: open("defer"); item(n->as<Defer>()->body); close(); return;
            case NodeKind::Spawn: open("spawn"); item(n->as<Spawn>()->call); close(); return;
            case NodeKind::Module: open("module"); word(n->as<Module>()->name); item(n->as<Module>()->body); close(); return;
            case NodeKind::Unsupported: {
                auto* u = n->as<Unsupported>();
                open("unsupported");
                word(u->keyword);
                items(u->args);
                if (u->body) item(u->body);
                if (u->opaque_body) word("{...}");
                close();
                return;
            }
        }
        out += "?";
    }

private:
    void open(std::string_view head) {
        out += '(';
        out += head;
    }
    void close() { out += ')'; }
    void word(std::string_view w) {
        out += ' ';
        out += w;
    }
    void item(const Node* n) {
        out += ' ';
        node(n);
    }
    void items(NodeList list) {
        for (const Node* n : list) item(n);
    }
    void pairs(NodeList keys, NodeList values) {
        for (size_t k = 0; k < keys.size(); ++k) {
            out += " (";
            node(keys[k]);
            out += ' ';
            node(values[k]);
            out += ')';
        }
    }
    void typed(std::string_view name, std::string_view type) {
        out += ' ';
        out += name;
        if (!type.empty()) {
            out += ':';
            out += type;
        }
    }
    void param(std::string_view name, std::string_view type, const Node* def) {
        out += name;
        if (!type.empty()) {
            out += ':';
            out += type;
        }
        if (def) {
            out += '=';
            node(def);
        }
    }
    void function(const Function* f) {
        open("fn");
        word(f->name.empty() ? std::string_view("_") : f->name);
        static constexpr std::pair<uint16_t, std::string_view> flag_names[] = {
            {FnLambda, ":lambda"}, {FnArrow, ":arrow"},     {FnFunction, ":function"}, {FnAsync, ":async"},
            {FnPure, ":pure"},     {FnView, ":view"},       {FnPayable, ":payable"},   {FnSecure, ":secure"},
            {FnInline, ":inline"}, {FnExport, ":export"},   {FnPrivate, ":private"},   {FnPublic, ":public"}};
        for (auto [bit, text] : flag_names)
            if (f->flags & bit) word(text);
        for (const Node* d : f->decorators) {
            out += " @";
            node(d);
        }
        out += " (";
        for (size_t k = 0; k < f->params.size(); ++k) {
            if (k) out += ' ';
            const Param& p = f->params[k];
            param(p.name, p.type, p.default_value);
        }
        out += ')';
        if (!f->return_type.empty()) {
            out += " (-> ";
            out += f->return_type;
            out += ')';
        }
        item(f->body);
        close();
    }
    void quoted(std::string_view s) {
        out += '"';
        for (char c : s) {
            switch (c) {
                case '"': out += "\\\""; break;
                case '\\': out += "\\\\"; break;
                case '\n': out += "\\n"; break;
                case '\t': out += "\\t"; break;
                case '\r': out += "\\r"; break;
                default: out += c;
            }
        }
        out += '"';
    }
};

}  // namespace

std::string print_node(const Node* node) {
    Printer p;
    p.node(node);
    return std::move(p.out);
}

std::string print_program(const Ast& ast) {
    std::string out;
    if (!ast.root) return out;
    for (const Node* stmt : ast.root->stmts) {
        out += print_node(stmt);
        out += '\n';
    }
    return out;
}

}  // namespace trellis::zexus
