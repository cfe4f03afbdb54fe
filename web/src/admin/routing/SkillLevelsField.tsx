import { CloseOutlined, PlusOutlined } from '@ant-design/icons';
import { AutoComplete, Button, Form, InputNumber, Space } from 'antd';
import { useTranslation } from 'react-i18next';
import type { Skill } from './setup-types.ts';

const CODE = /^[a-z0-9][a-z0-9_-]{0,39}$/;

/**
 * A list of skills, each with a level 1–5: an agent's skills (`level`) or what a queue
 * requires (`minLevel`). A code the tenant does not have yet is added by the server when the
 * form is saved, which is how a new skill comes to exist.
 */
export function SkillLevelsField({
  name,
  levelKey,
  skills,
}: {
  name: string;
  levelKey: 'level' | 'minLevel';
  skills: Skill[];
}) {
  const { t } = useTranslation();
  const options = skills.map((s) => ({
    value: s.code,
    label: s.name === s.code ? s.code : `${s.code} · ${s.name}`,
  }));
  return (
    <Form.List name={name}>
      {(fields, { add, remove }) => (
        <Space orientation="vertical" size={4} style={{ width: '100%' }} data-testid={`${name}-list`}>
          {fields.map((field) => (
            <Space key={field.key} align="start" size={8}>
              <Form.Item
                name={[field.name, 'skill']}
                style={{ marginBottom: 0 }}
                rules={[{ required: true, pattern: CODE, message: t('routingSetup.skills.codeFormat') }]}
              >
                <AutoComplete
                  options={options}
                  style={{ width: 220 }}
                  placeholder={t('routingSetup.skills.code')}
                  filterOption={(input, option) => String(option?.value ?? '').includes(input.toLowerCase())}
                  data-testid="skill-code"
                />
              </Form.Item>
              <Form.Item
                name={[field.name, levelKey]}
                style={{ marginBottom: 0 }}
                rules={[{ required: true }]}
              >
                <InputNumber
                  min={1}
                  max={5}
                  precision={0}
                  prefix={t(
                    levelKey === 'level' ? 'routingSetup.skills.level' : 'routingSetup.skills.minLevel',
                  )}
                  style={{ width: 150 }}
                  data-testid="skill-level"
                />
              </Form.Item>
              <Button
                type="text"
                icon={<CloseOutlined />}
                onClick={() => remove(field.name)}
                aria-label={t('common.delete')}
              />
            </Space>
          ))}
          <Button
            type="dashed"
            size="small"
            icon={<PlusOutlined />}
            onClick={() => add({ skill: '', [levelKey]: levelKey === 'level' ? 3 : 1 })}
            data-testid={`${name}-add`}
          >
            {t('routingSetup.skills.add')}
          </Button>
        </Space>
      )}
    </Form.List>
  );
}
