/// @file eval_records.cpp
/// Record types of LANGUAGE.md §12: `entity Name { fields, actions }`, `data Name { fields; methods }` and
/// `contract Name { state ..., storage ..., actions }`. A declaration binds a type object; `Name{f: v}` and
/// `Name(a, b)` (positional, in declaration order) create records; `r.f` / `r.f = v` read and write fields;
/// `r.m(args)` runs a method with `this` bound and the fields visible as variables, so contract state updated by
/// an action persists between calls (Trellis follows the documentation here, not the reference's lost updates).
#include "eval/eval_impl.hpp"

namespace trellis::zexus {

namespace {
core::Instance* inst(Value v) { return static_cast<core::Instance*>(v.as_object()); }
}  // namespace

const TypeInfo& Evaluator::type_info(Value type_object) const {
    return m_types[static_cast<size_t>(inst(type_object)->slots[0].as_small_int())];
}

void Evaluator::declare_type(Node* decl) {
    TypeInfo info;
    std::string_view name;
    if (auto* t = decl->as<TypeDecl>()) {
        if (t->decl == TypeDeclKind::Event) return;  // events only name the shape of `emit` arguments
        name = t->name;
        for (const Field& f : t->fields) {
            info.fields.push_back(f.name);
            info.defaults.push_back(f.default_value);
            info.field_types.push_back(f.type);
        }
        for (Node* m : t->methods)
            if (auto* fn = m->as<Function>()) info.methods.push_back(fn);
    } else {
        auto* c = decl->as<Contract>();
        name = c->name;
        info.is_contract = true;
        for (Node* m : c->members) {
            if (auto* s = m->as<StateDecl>()) {
                info.fields.push_back(s->name);
                info.defaults.push_back(s->value);
                info.field_types.push_back(s->type);
            } else if (auto* l = m->as<Let>()) {
                info.fields.push_back(l->name);
                info.defaults.push_back(l->value);
                info.field_types.push_back(l->type);
            } else if (auto* fn = m->as<Function>()) {
                info.methods.push_back(fn);
            } else {
                fail(m, "'" + std::string(node_kind_name(m->kind)) + "' is not supported inside a contract");
            }
        }
    }
    info.name = std::string(name);
    m_types.push_back(std::move(info));
    auto* t = gc::new_instance(m_heap, static_cast<uint16_t>(ZClass::type), 2);
    t->slots[0] = Value::small_int(static_cast<int64_t>(m_types.size() - 1));
    t->slots[1] = m_env;
    define(name, Value::object(t), false);
}

namespace {
Function* find_method(const TypeInfo& info, std::string_view name) {
    Function* found = nullptr;
    for (Function* fn : info.methods)
        if (fn->name == name) found = fn;
    return found;
}
}  // namespace

Value Evaluator::instantiate(const Node* at, Value* base, size_t argc, bool run_init) {
    // base[0]: type object; base[1..argc]: constructor arguments. Fields start at their declared value (evaluated
    // now, in the declaring environment), else {} / [] for Map/List-typed storage, else null. §15: when the type
    // defines `init`, the arguments go to init (exactly its arity) on the new instance; without one, a data or
    // entity type takes them as field values in declaration order (§12) and a contract ignores them.
    const size_t ntype = static_cast<size_t>(inst(base[0])->slots[0].as_small_int());
    const size_t nfields = m_types[ntype].fields.size();
    Function* init = run_init ? find_method(m_types[ntype], "init") : nullptr;
    const bool positional = !init && !m_types[ntype].is_contract;
    if (init && argc != init->params.size())
        fail(at, m_types[ntype].name + ".init() takes " + std::to_string(init->params.size()) + " argument(s), got " +
                     std::to_string(argc));
    if (positional && argc > nfields)
        fail(at, m_types[ntype].name + " takes at most " + std::to_string(nfields) + " field value(s), got " +
                     std::to_string(argc));
    Value* slots = m_sp;
    push(Value::object(gc::new_map(m_heap, nfields < 4 ? 4 : nfields)));  // slots[0]: fields
    push(m_env);                                                           // slots[1]: saved env
    m_env = inst(base[0])->slots[1];
    for (size_t i = 0; i < nfields; ++i) {
        const TypeInfo& info = m_types[ntype];  // re-read: evaluation may declare types (vector growth)
        Value v;
        if (positional && i < argc) v = base[1 + i];
        else if (info.defaults[i]) v = eval(info.defaults[i]);
        else if (info.field_types[i].starts_with("Map")) v = Value::object(gc::new_map(m_heap));
        else if (info.field_types[i].starts_with("List")) v = Value::object(gc::new_list(m_heap));
        else v = Value::nil();
        push(v);
        Value key = make_string(m_types[ntype].fields[i]);
        gc::map_set(m_heap, slots[0], key, m_sp[-1]);
        m_sp = slots + 2;
    }
    m_env = slots[1];
    auto* r = gc::new_instance(m_heap, static_cast<uint16_t>(ZClass::record), 2);
    r->slots[0] = base[0];
    r->slots[1] = slots[0];
    slots[0] = Value::object(r);
    if (init) {
        Value* call = m_sp;
        push(slots[0]);
        for (size_t i = 0; i < argc; ++i) push(base[1 + i]);
        bool found = false;
        call_record_method(at, "init", call, argc, found);
        m_sp = call;
    }
    Value result = slots[0];
    m_sp = slots;
    return result;
}

Value Evaluator::instantiate_named(const Node* at, Value* base, size_t pairs) {
    // base[0]: type; base[1 + 2i], base[2 + 2i]: field name and value.
    Value* top = m_sp;
    push(base[0]);
    if (pairs == 0) {
        Value r = instantiate(at, top, 0);
        m_sp = top;
        return r;
    }
    // Fields set by name: init does not run (the names are the constructor), fields not named keep defaults.
    Value r = instantiate(at, top, 0, false);
    top[0] = r;
    for (size_t i = 0; i < pairs; ++i) {
        push(inst(top[0])->slots[1]);
        gc::map_set(m_heap, m_sp[-1], base[1 + 2 * i], base[2 + 2 * i]);
        m_sp = top + 1;
    }
    r = top[0];
    m_sp = top;
    return r;
}

Value Evaluator::construct(Construct* c) {
    bool found;
    Value type = lookup(c->type_name, found);
    if (!found || zclass(type) != ZClass::type) fail(c, "'" + std::string(c->type_name) + "' is not a type");
    Value* base = m_sp;
    push(type);
    for (size_t i = 0; i < c->keys.size(); ++i) {
        push(eval(c->keys[i]));
        push(eval(c->values[i]));
    }
    Value r = instantiate_named(c, base, c->keys.size());
    m_sp = base;
    return r;
}

Value Evaluator::call_record_method(const Node* at, std::string_view name, Value* base, size_t argc, bool& found) {
    const TypeInfo& info = type_info(inst(base[0])->slots[0]);
    Function* method = nullptr;
    for (Function* fn : info.methods)
        if (fn->name == name) method = fn;
    if (!method) {
        // A field holding a function: call it without `this`.
        Value* fields_slot = m_sp;
        push(inst(base[0])->slots[1]);
        Value key = make_string(name);
        Value f = gc::map_get(static_cast<core::Map*>(fields_slot[0].as_object()), key);
        m_sp = fields_slot;
        ZClass k = zclass(f);
        found = k == ZClass::action || k == ZClass::lambda || k == ZClass::builtin;
        if (!found) return Value::nil();
        Value* call = m_sp;
        push(f);
        for (size_t i = 0; i < argc; ++i) push(base[1 + i]);
        Value r = call_value(at, call, argc);
        m_sp = call;
        return r;
    }
    found = true;
    // Environment chain of a method: locals -> the record's fields (as variables) -> the declaring environment.
    Value* call = m_sp;
    push(base[0]);                                                 // call[0]: this
    Value fields_env = new_env(inst(inst(base[0])->slots[0])->slots[1]);
    push(fields_env);                                              // call[1]
    m_heap.store(inst(call[1]), inst(call[1])->slots[0], inst(call[0])->slots[1]);
    auto* closure = gc::new_closure(m_heap, Value::small_int(reinterpret_cast<int64_t>(method)), 1);
    closure->class_id = static_cast<uint16_t>(ZClass::action);
    closure->upvalues[0] = call[1];
    Value* frame = m_sp;
    push(Value::object(closure));
    for (size_t i = 0; i < argc; ++i) push(base[1 + i]);
    Value r = call_value(at, frame, argc, &call[0]);
    m_sp = call;
    return r;
}

}  // namespace trellis::zexus
